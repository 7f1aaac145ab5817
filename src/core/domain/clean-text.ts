import { z } from 'zod';

/**
 * Free text as we store and show it, whatever path it came by: card data, the tab's body, a command typed to the bot,
 * a name from Salesforce. The one place that decides which characters text may hold; `plainText` builds on it.
 */

/** The most combining marks kept on one base character: real scripts stack two or three; "Zalgo" text dozens. */
export const MAX_COMBINING_MARKS = 3;

/**
 * A UTF-16 surrogate without its partner: JavaScript strings can hold one (JSON's `"\ud800"`), UTF-8 cannot, so
 * PostgreSQL refuses it in jsonb (the save failed with a database error) and a driver turns it into U+FFFD in text.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** C0 and C1 control characters and DEL, except tab, line feed and carriage return (see LINE_BREAK). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is what this does
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;

/** Line breaks in any convention: CR LF, CR, next line (U+0085), line and paragraph separators. */
const LINE_BREAK = /\r\n?|[\u0085\u2028\u2029]/g;

/**
 * Characters that show nothing, so a text can look empty, or like another: the Hangul and halfwidth fillers, the
 * blank Braille pattern, the Mongolian vowel separator, the Khmer inherent vowels, the soft hyphen, the combining
 * grapheme joiner, zero-width space, non-joiner and joiner, the directional marks, embeddings, overrides and isolates
 * (which make a text read otherwise than it holds), the word joiner and invisible operators, the zero-width no-break
 * space (byte order mark), the interlinear annotation marks, and the tag characters.
 */
const INVISIBLE =
  /\u034f|[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u2800\u3164\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;

/** A run of combining marks longer than MAX_COMBINING_MARKS, after the marks it keeps. */
const MARK_STACK = new RegExp(`(\\p{M}{${MAX_COMBINING_MARKS}})\\p{M}+`, 'gu');

/** How a field takes text: `multiline` keeps line breaks (as \n) and tabs; otherwise each becomes a space. */
interface CleanTextOptions {
  multiline?: boolean;
}

/**
 * Text made safe to store and show: a lone surrogate becomes U+FFFD (as `String.prototype.toWellFormed` does),
 * control characters and invisible fillers are removed, line breaks and tabs kept only in multi-line text, and a
 * stack of combining marks is cut to MAX_COMBINING_MARKS. Nothing else changes: no trimming, no case, no markup.
 */
export function cleanText(input: string, options: CleanTextOptions = {}): string {
  const text = input
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(CONTROL, '')
    .replace(INVISIBLE, '')
    .replace(MARK_STACK, '$1')
    .replace(LINE_BREAK, '\n');
  return options.multiline ? text : text.replace(/[\n\t]/g, ' ');
}

/**
 * Text as PostgreSQL can hold it and nothing more changed: a lone surrogate becomes U+FFFD, NUL is removed. For text
 * kept as its source has it (names from Salesforce): one such character must not fail the statement that stores a
 * whole page of records; `cleanText` is applied where it is shown.
 */
export const storableText = (input: string): string => input.replace(LONE_SURROGATE, '\ufffd').replaceAll('\u0000', '');

/**
 * The first `maxLength` UTF-16 units of a text, never ending in half a surrogate pair (a character outside the
 * Basic Multilingual Plane, an emoji, is two units): cutting one in half would make a lone surrogate.
 */
export function truncateText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** A free-text field at a boundary (card data, the tab's body, a command's words): any string, cleaned. */
export const cleanTextSchema = (options: CleanTextOptions = {}) =>
  z.string().transform((input) => cleanText(input, options));

/**
 * Every string in a plain JSON value (a view model) cleaned, on one line: what a surface that shows stored text as
 * it is (the tab) sends, so a name from Salesforce reaches it clean too. Keys and other values are kept.
 */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map(cleanStrings) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanStrings(v)])) as T;
}
