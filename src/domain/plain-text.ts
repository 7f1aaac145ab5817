/**
 * Text as Teams may show it: Teams renders Markdown in card TextBlocks, FactSet titles and values, toggle titles and
 * message text, and turns addresses into links. Typed text passes through here before it reaches a card or a
 * message, so none of it can bring a link, a mention or markup into either channel.
 */
// With the bidirectional overrides and isolates, which make a text read differently from what it holds, and the
// invisible joiners and marks (soft hyphen, word joiner, zero-width no-break space) that let two names look alike.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is what this does
const CONTROL_AND_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/** The characters of the Markdown Teams renders (emphasis, links, headings, code, quotes, tables, tags, escapes). */
const MARKUP = /[*_`~#>|<[\]\\]/g;

/** Whether a text holds a control, invisible or bidirectional-override character. */
export const hasControlCharacters = (input: string): boolean => new RegExp(CONTROL_AND_INVISIBLE.source).test(input);

/** Whether a text holds a character of the Markdown Teams renders (`plainText` removes them). */
export const hasMarkup = (input: string): boolean => new RegExp(MARKUP.source).test(input);

/**
 * Free text as plain text: control characters and the Markdown Teams renders (emphasis, links, headings, code)
 * removed, and URLs broken so they are not turned into links.
 */
export function plainText(input: string, maxLength: number): string {
  return input
    .replace(CONTROL_AND_INVISIBLE, ' ')
    .replace(MARKUP, '')
    .replace(/(\w)\s*:\s*\/\//g, '$1: //')
    .replace(/\bwww\./gi, 'www ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxLength);
}
