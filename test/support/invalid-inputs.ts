import fc from 'fast-check';

/**
 * Values a form field's rule refuses, by construction from the rule as the user reads it ("a whole number from 1 to
 * 1440", "a date inside the month", "one of the choices"), never from the parser's own code: a fuzz that feeds them
 * knows the answer must be a refusal, so a validation that lets one through fails it.
 */
export interface Refused<T = string> {
  /** Always tried: the values next to the rule's edges, where an off-by-one or a lost sign lets one in. */
  edges: T[];
  /** Random values beyond the edges (none where the rule has one refused value). */
  more?: fc.Arbitrary<T>;
}

/** The same refused values, each made into what is sent (card data) by `f`. */
export function refusedAs<T, U>(r: Refused<T>, f: (value: T) => U): Refused<U> {
  return { edges: r.edges.map(f), ...(r.more ? { more: r.more.map(f) } : {}) };
}

/** A rule with one refused value (a duplicate, a missing field). */
export const only = <T>(value: T): Refused<T> => ({ edges: [value] });

const pad = (n: number) => String(n).padStart(2, '0');

/** Text that is no whole number in the notation a form accepts: signs, decimals, exponents, words, other digits. */
const notWholeNumber = fc.oneof(
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-0',
    '1.5',
    '1e3',
    '0x10',
    'ten',
    '6O',
    '60 min',
    '١٢',
    'constructor',
    '__proto__',
  ),
  fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }).map(String),
  fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/^\s*\d+(\.0+)?\s*$/.test(s)),
);

/** A whole number outside [min, max] (its neighbours and its negation first), or no whole number at all. */
export function outOfRange(min: number, max: number): Refused {
  return {
    edges: [...new Set([min - 1, max + 1, -max])].map(String).concat(`${min}.5`),
    more: fc.oneof(
      fc
        .integer()
        .filter((n) => n < min || n > max)
        .map(String),
      notWholeNumber,
    ),
  };
}

/** A score that is not a whole number from 1 to 5, as a number reads it (`' 3 '` and `'0x3'` read as 3). */
export const notAScore: Refused = {
  edges: ['0', '6', '-3', '2.5'],
  more: fc.oneof(
    fc
      .integer()
      .filter((n) => n < 1 || n > 5)
      .map(String),
    fc.constantFrom('NaN', 'five', 'Infinity', '3 stars', '__proto__'),
    fc.string({ minLength: 1, maxLength: 8 }).filter((s) => {
      const n = Number(s);
      return !(Number.isInteger(n) && n >= 1 && n <= 5);
    }),
  ),
};

/** A date that is no day of `period` (YYYY-MM): the days around it, another month's, a day it lacks, no ISO date. */
export function dateOutside(period: string): Refused {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const day = (offset: number) =>
    new Date(Date.UTC(year, month - 1, 1) + offset * 86_400_000).toISOString().slice(0, 10);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return {
    edges: [day(-1), day(daysInMonth), `${period}-${daysInMonth + 1}`, `${period}-00`, ''],
    more: fc.oneof(
      fc
        .record({
          y: fc.integer({ min: 1900, max: 2199 }),
          m: fc.integer({ min: 1, max: 12 }),
          d: fc.integer({ min: 1, max: 28 }),
        })
        .filter(({ y, m }) => y !== year || m !== month)
        .map(({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`),
      fc.constantFrom(`${year}-13-01`, `${period}-1`, `${period}-10T10:00:00Z`, `10/${month}/${year}`),
      fc.string({ maxLength: 20 }).filter((s) => !/^\s*\d{4}-\d{2}-\d{2}\s*$/.test(s)),
    ),
  };
}

/** A value that is not one of `choices`' own keys: a property name of every object, a label, a near miss, any text. */
export function notOneOf(choices: object): Refused {
  const keys = Object.keys(choices);
  const nearMisses = [
    ...(Object.values(choices) as string[]),
    ...keys.map((k) => k.toUpperCase()),
    ...keys.map((k) => ` ${k}`),
  ].filter((s) => !Object.hasOwn(choices, s));
  return {
    edges: ['constructor', '__proto__', '', nearMisses[0]!],
    more: fc
      .oneof(fc.constantFrom('toString', 'hasOwnProperty', ...nearMisses), fc.string({ maxLength: 20 }))
      .filter((s) => !Object.hasOwn(choices, s)),
  };
}

/** Text longer than `max` characters once trimmed. */
export function longerThan(max: number): Refused {
  return {
    edges: ['x'.repeat(max + 1)],
    more: fc.integer({ min: max + 2, max: max * 3 }).map((n) => 'x'.repeat(n)),
  };
}
