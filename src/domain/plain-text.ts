/**
 * Text as Teams may show it: Teams renders Markdown in card TextBlocks, FactSet titles and values, toggle titles and
 * message text, and turns addresses into links. Typed text and names from Salesforce pass through here before they
 * reach a card or a message, so none of them can bring a link, a mention or markup into either channel.
 */
// With the bidirectional overrides and isolates, which make a text read differently from what it holds, and the
// invisible joiners and marks (soft hyphen, word joiner, zero-width no-break space) that let two names look alike.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is what this does
const CONTROL_AND_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/** The characters of the Markdown Teams renders (emphasis, links, headings, code, quotes, tables, tags, escapes). */
const MARKUP = /[*_`~#>|<[\]\\]/g;

/** Salesforce's longest names (Account.Name, Event.Subject) have 255 characters. */
const NAME_MAX_LENGTH = 255;

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

/**
 * A name from Salesforce (an account, a person, a meeting's subject) as a card or a message shows it. The store
 * keeps the true name (the tab shows it as text); Teams would render one like `Contoso [pay here](https://…)` as a
 * link, so every card and message puts it through here.
 */
export const plainName = (name: string): string => plainText(name, NAME_MAX_LENGTH);
