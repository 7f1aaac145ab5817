import fc from 'fast-check';

/** Property names of every object, hostile dates, NUL and other control characters, Markdown, huge strings. */
export const hostileString = fc.oneof(
  fc.constantFrom('constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty', 'prototype'),
  fc.constantFrom('2026-09-31', '2026-02-30', '0000-00-00', '9999-99-99', '2026-10-15T25:61:00Z'),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\u0007\u001b[31m',
    '\u202e',
    '\ud800',
    '[x](https://evil.example)',
    '<at>all</at>',
  ),
  fc.constantFrom('return.save', 'return.open', '001000000000001', '001000000000001AAA', '-1', '1e308', 'NaN'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Any JSON a card action's data could hold: hostile strings, numbers, nested arrays and objects. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 5 }),
  ),
})).value;
