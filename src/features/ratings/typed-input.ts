import { z } from 'zod';
import { PulseError } from '../../core/pulse-error.ts';
import { hasMarkup } from '../../core/domain/plain-text.ts';
import { cleanTextSchema } from '../../core/domain/clean-text.ts';

/**
 * A short text as typed, which both channels show back (an element's or an owner's name, an action's title):
 * cleaned (no control or invisible character), then checked. Teams renders Markdown and turns a bare address into
 * a link in both channels, so it is words, never markup or an address.
 */
export const typedLabel = (what: string, max: number) =>
  cleanTextSchema().pipe(
    z
      .string()
      .trim()
      .min(2, `${what} needs at least 2 visible characters`)
      .max(max, `${what} has at most ${max} characters`)
      .refine((n) => !hasMarkup(n), `${what} cannot hold markup`)
      .refine((n) => !/:\/\/|\bwww\./i.test(n), `${what} cannot hold a web address`),
  );

/** A number from a numbered list as typed (`actions 2 done`): a whole number from 1. */
export const listNumber = z
  .string()
  .regex(/^\d{1,4}$/, 'use the number from the list')
  .transform(Number)
  .pipe(z.number().int().min(1, 'use the number from the list'));

/** Parses with a schema, or refuses with its first message (nothing changed). */
export function valid<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new PulseError('BAD_INPUT', `Nothing was changed: ${parsed.error.issues[0]?.message}.`);
  return parsed.data;
}
