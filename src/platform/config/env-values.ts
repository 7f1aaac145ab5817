import { z } from 'zod';

/** An Entra id (application, tenant): the only id shape the bot and tab settings accept. */
export const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

const emptyIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** Env files leave unset values as empty strings; treat them as missing. */
export const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyIsUnset, schema.optional());

/** A default given as the environment would give it: parsed and transformed like any value (zod 4's prefault). */
export const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess(emptyIsUnset, schema.prefault(fallback as never));

/** A comma-separated list, trimmed, without empty entries. */
export const commaList = () =>
  z.string().transform((s) =>
    s
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  );

/** `true` or `false`, as a boolean. */
export const booleanText = () => z.enum(['true', 'false']).transform((v) => v === 'true');

/** An https URL; plain http only on loopback, where the tests' stand-ins listen. */
export const httpsUrl = () =>
  z
    .string()
    .url('must be a URL')
    .refine((u) => u.startsWith('https://') || /^http:\/\/(127\.|localhost|\[::1\])/.test(u), 'must use https');
