import { AsyncLocalStorage } from 'node:async_hooks';
import { randomFillSync } from 'node:crypto';

/** The ids of the request or job a log line belongs to (W3C Trace Context: trace id and this span's id). */
export interface TraceContext {
  traceId: string;
  spanId: string;
  /** Our own id for this request or job, short enough to quote to an operator. */
  requestId: string;
  /** Flags from the caller's traceparent (01 = sampled), passed on unchanged. */
  flags: string;
}

const storage = new AsyncLocalStorage<TraceContext>();
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * Reads a `traceparent` header (https://www.w3.org/TR/trace-context/#traceparent-header): version 00 (a later
 * version is read by its first four fields), never ff; all-zero trace or parent ids are invalid. Undefined when the
 * header is missing or malformed, and then the caller starts a new trace.
 */
export function parseTraceparent(
  header: string | undefined,
): { traceId: string; parentId: string; flags: string } | undefined {
  if (!header || header.length > 512) return undefined;
  const m = TRACEPARENT.exec(header.trim());
  if (!m) return undefined;
  const [, version, traceId, parentId, flags, rest] = m as unknown as [string, string, string, string, string, string?];
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  return { traceId, parentId, flags };
}

/**
 * Random bytes for ids, drawn from the system's secure generator 4 KiB at a time: a request takes 30, so one draw
 * serves about 130 requests, where a request's own three draws together took about 2% of a card save's CPU. Ids
 * only need to be unique and unguessable enough to trace by, not secret.
 */
const pool = Buffer.alloc(4096);
let drawn = pool.length;
function randomId(bytes: number, encoding: 'hex' | 'base64url'): string {
  if (drawn + bytes > pool.length) {
    randomFillSync(pool);
    drawn = 0;
  }
  drawn += bytes;
  return pool.toString(encoding, drawn - bytes, drawn);
}

/** A new span: in the caller's trace when its traceparent is valid, else in a new trace. */
export function newTraceContext(traceparent?: string): TraceContext {
  const parent = parseTraceparent(traceparent);
  return {
    traceId: parent?.traceId ?? randomId(16, 'hex'),
    spanId: randomId(8, 'hex'),
    requestId: randomId(6, 'base64url'),
    flags: parent?.flags ?? '01',
  };
}

/** The traceparent header value that names `context` as the parent (for responses and outgoing calls). */
export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.flags}`;
}

/** Runs `fn` with `context` as the current trace: every log line written inside carries its ids. */
export function runWithTrace<T>(context: TraceContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The current request's or job's ids, or undefined outside any. */
export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}
