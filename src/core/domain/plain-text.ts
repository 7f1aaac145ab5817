/**
 * Text as Teams may show it: Teams renders Markdown in card TextBlocks, FactSet titles and values, toggle titles and
 * message text, and turns addresses into links. Typed text and names from Salesforce pass through here before they
 * reach a card or a message, so none of them can bring a link, a mention or markup into either channel.
 */
import { cleanText, truncateText } from './clean-text.ts';

/** The characters of the Markdown Teams renders (emphasis, links, headings, code, quotes, tables, tags, escapes). */
const MARKUP = /[*_`~#>|<[\]\\]/g;

/** Salesforce's longest names (Account.Name, Event.Subject) have 255 characters. */
const NAME_MAX_LENGTH = 255;

/** Whether a text holds a character of the Markdown Teams renders (`plainText` removes them). */
export const hasMarkup = (input: string): boolean => new RegExp(MARKUP.source).test(input);

/**
 * Free text as plain text on one line: cleaned (`cleanText`: no lone surrogate, control or invisible character, no
 * stack of combining marks), the Markdown Teams renders (emphasis, links, headings, code) removed, URLs broken so
 * they are not turned into links, and cut to `maxLength` without splitting a character.
 */
export function plainText(input: string, maxLength: number): string {
  const plain = cleanText(input)
    .replace(MARKUP, '')
    .replace(/(\w)\s*:\s*\/\//g, '$1: //')
    .replace(/\bwww\./gi, 'www ')
    .replace(/\s+/g, ' ')
    .trim();
  return truncateText(plain, maxLength);
}

/**
 * A name from Salesforce (an account, a person, a meeting's subject) as a card or a message shows it. The store
 * keeps the true name (the tab shows it as text); Teams would render one like `Contoso [pay here](https://…)` as a
 * link, so every card and message puts it through here.
 */
export const plainName = (name: string): string => plainText(name, NAME_MAX_LENGTH);
