/**
 * Free text from a card as plain text: control characters and the Markdown Teams renders in cards (emphasis,
 * links, headings, code) removed, and URLs broken so they are not turned into links.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is what this does
const CONTROL_AND_INVISIBLE = /[\u0000-\u001f\u007f\u200b-\u200f\u2028\u2029]/g;

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
