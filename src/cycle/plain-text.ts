/**
 * Free text from a card as plain text: control characters and the Markdown Teams renders in cards (emphasis,
 * links, headings, code) removed, and URLs broken so they are not turned into links.
 */
// With the bidirectional overrides and isolates, which make a text read differently from what it holds, and the
// invisible joiners and marks (soft hyphen, word joiner, zero-width no-break space) that let two names look alike.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is what this does
const CONTROL_AND_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/** Whether a text holds a control, invisible or bidirectional-override character. */
export const hasControlCharacters = (input: string): boolean => new RegExp(CONTROL_AND_INVISIBLE.source).test(input);

export function plainText(input: string, maxLength: number): string {
  return input
    .replace(CONTROL_AND_INVISIBLE, ' ')
    .replace(/[*_`~#>|<[\]\\]/g, '')
    .replace(/(\w)\s*:\s*\/\//g, '$1: //')
    .replace(/\bwww\./gi, 'www ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxLength);
}
