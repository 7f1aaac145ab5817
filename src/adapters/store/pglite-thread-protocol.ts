/**
 * The messages between the server's main thread and the thread that runs the embedded database
 * (`pglite-thread.ts`, `pglite-thread-database.ts`). Every request carries an id its reply repeats; `tx` names a
 * transaction `begin` opened.
 */
export type ThreadRequest =
  | { id: number; op: 'query'; sql: string; params: readonly unknown[]; tx?: number }
  | { id: number; op: 'exec'; sql: string; tx?: number }
  | { id: number; op: 'begin' }
  | { id: number; op: 'commit' | 'rollback'; tx: number }
  | { id: number; op: 'close' };

/** A failure as it crosses threads: a structured clone keeps an Error's message only, not PostgreSQL's `code`. */
interface ThreadError {
  name: string;
  message: string;
  /** The error's own fields that are plain values (PostgreSQL's code, detail, constraint, ...). */
  fields: Record<string, string | number | boolean | null>;
}

/** A request's answer: its rows (`query`) or its transaction (`begin`). */
export interface ThreadAnswer {
  id: number;
  ok: true;
  rows?: unknown[];
  tx?: number;
}

export type ThreadReply =
  | ThreadAnswer
  | { id: number; ok: false; error: ThreadError }
  | { id: 0; ready: true }
  | { id: 0; ready: false; error: ThreadError };

/** Never copied onto the rebuilt error: its own message and name, and keys that would reach its prototype. */
const UNSAFE_KEYS = new Set(['name', 'message', 'stack', '__proto__', 'constructor', 'prototype']);

/** The parts of a thrown value that can cross to the other thread. */
export function toThreadError(error: unknown): ThreadError {
  const e = error instanceof Error ? error : new Error(String(error));
  const fields: ThreadError['fields'] = {};
  for (const [key, value] of Object.entries(e)) {
    if (UNSAFE_KEYS.has(key)) continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      fields[key] = value as string | number | boolean | null;
  }
  return { name: e.name, message: e.message, fields };
}

/** The error again on this side: its message, and its fields as own properties, as the database gave them. */
export function fromThreadError(t: ThreadError): Error {
  const error = Object.assign(new Error(t.message), t.fields);
  error.name = t.name;
  return error;
}
