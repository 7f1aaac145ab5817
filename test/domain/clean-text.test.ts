import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanStrings,
  cleanText,
  cleanTextSchema,
  storableText,
  MAX_COMBINING_MARKS,
  truncateText,
} from '../../src/core/domain/clean-text.ts';
import { plainText } from '../../src/core/domain/plain-text.ts';

/** Whether a text holds a surrogate without its partner (what UTF-8, and so PostgreSQL, cannot hold). */
const hasLoneSurrogate = (s: string) =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('The text cleaner (pure)', () => {
  it('Replaces a lone surrogate, high or low, with U+FFFD and keeps a whole pair (an emoji)', () => {
    expect(cleanText('a\ud800b')).toBe('a\ufffdb');
    expect(cleanText('a\udc00b')).toBe('a\ufffdb');
    expect(cleanText('\udc00\ud800')).toBe('\ufffd\ufffd');
    expect(cleanText('ok \ud83d\ude00')).toBe('ok \ud83d\ude00');
  });

  it('Removes NUL, the other C0 and C1 controls and DEL', () => {
    expect(cleanText('a\u0000b\u0007c\u001b[31md\u007fe\u0080f\u009fg')).toBe('abc[31mdefg');
  });

  it('Keeps line breaks (as \\n) and tabs in multi-line text, and makes them spaces on one line', () => {
    const text = 'one\r\ntwo\rthree\u2028four\u2029five\u0085six\tseven\nend';
    expect(cleanText(text, { multiline: true })).toBe('one\ntwo\nthree\nfour\nfive\nsix\tseven\nend');
    expect(cleanText(text)).toBe('one two three four five six seven end');
  });

  it.each([
    ['Hangul filler', '\u3164'],
    ['Hangul choseong filler', '\u115f'],
    ['Hangul jungseong filler', '\u1160'],
    ['halfwidth Hangul filler', '\uffa0'],
    ['Braille blank', '\u2800'],
    ['Mongolian vowel separator', '\u180e'],
    ['zero-width space', '\u200b'],
    ['zero-width non-joiner', '\u200c'],
    ['zero-width joiner', '\u200d'],
    ['left-to-right and right-to-left marks', '\u200e\u200f'],
    ['bidirectional embeddings and overrides', '\u202a\u202b\u202c\u202d\u202e'],
    ['word joiner and invisible operators', '\u2060\u2061\u2062\u2063\u2064'],
    ['bidirectional isolates', '\u2066\u2067\u2068\u2069'],
    ['zero-width no-break space (BOM)', '\ufeff'],
    ['soft hyphen', '\u00ad'],
    ['combining grapheme joiner', '\u034f'],
    ['tag characters, first and last', '\u{e0000}\u{e0041}\u{e007f}'],
  ])('Removes the invisible %s', (_name, invisible) => {
    expect(cleanText(`a${invisible}b`)).toBe('ab');
    expect(cleanText(invisible.repeat(3))).toBe('');
  });

  it(`Keeps at most ${MAX_COMBINING_MARKS} combining marks on a base character, and the text around them`, () => {
    const marks = '\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030a';
    expect(cleanText(`Z${marks}algo`)).toBe('Z\u0301\u0302\u0303algo');
    // Real scripts stack fewer: Vietnamese (e, dot below, circumflex) and Devanagari are kept as they are.
    for (const word of ['Vie\u0323\u0302t', 'हिन्दी', 'e\u0301', 'caf\u00e9', '1\ufe0f\u20e3'])
      expect(cleanText(word)).toBe(word);
  });

  it('Leaves ordinary text alone: letters of any script, emoji, markup, spaces at the ends', () => {
    for (const text of ['  Northwind Logistics ', 'Müller & Söhne', '東京 株式会社', 'مرحبا', '👍🏽 [x](y) *b*'])
      expect(cleanText(text)).toBe(text);
  });

  it('Gives text it no longer changes, with no lone surrogate, control or invisible character left (any string)', () => {
    const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme-composite' }));
    fc.assert(
      fc.property(anyText, fc.boolean(), (input, multiline) => {
        const cleaned = cleanText(input, { multiline });
        expect(cleanText(cleaned, { multiline })).toBe(cleaned);
        expect(hasLoneSurrogate(cleaned)).toBe(false);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
        expect(cleaned).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200d\u2060\u3164\ufeff]/);
        if (!multiline) expect(cleaned).not.toMatch(/[\n\t]/);
      }),
      { numRuns: 200 },
    );
  });

  it('Cuts text to a length without leaving half of a surrogate pair', () => {
    expect(truncateText('ab\ud83d\ude00', 3)).toBe('ab');
    expect(truncateText('ab\ud83d\ude00', 4)).toBe('ab\ud83d\ude00');
    expect(truncateText('abc', 5)).toBe('abc');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.nat(40), (text, n) => {
        const cut = truncateText(text, n);
        expect(cut.length).toBeLessThanOrEqual(n);
        expect(text.startsWith(cut)).toBe(true);
        expect(hasLoneSurrogate(cut)).toBe(false);
      }),
    );
  });

  it('Gives plainText and every zod boundary the same cleaning', () => {
    const hostile = `Kick\ud800off \u3164\u2800${'\u{e0041}'}Z\u0301\u0302\u0303\u0304`;
    expect(cleanTextSchema().parse(hostile)).toBe(cleanText(hostile));
    expect(plainText(hostile, 100)).toBe('Kick\ufffdoff Z\u0301\u0302\u0303');
    // An emoji cut in half by the length limit would be a lone surrogate again.
    expect(plainText('ab\ud83d\ude00', 3)).toBe('ab');
  });

  it('Makes text storable and changes nothing else: a lone surrogate replaced, NUL removed, fillers and markup kept', () => {
    expect(storableText('a\ud800b\u0000c \u3164 [x](y) \ud83d\ude00')).toBe('a\ufffdbc \u3164 [x](y) \ud83d\ude00');
  });

  it('Cleans every string of a view model, keeping its shape, keys, numbers and dates', () => {
    const at = new Date('2026-11-04T10:00:00Z');
    const view = { name: 'A\u3164B', rows: [{ title: 'x\ud800', n: 1, ok: true, none: null }], at };
    expect(cleanStrings(view)).toEqual({ name: 'AB', rows: [{ title: 'x\ufffd', n: 1, ok: true, none: null }], at });
  });
});
