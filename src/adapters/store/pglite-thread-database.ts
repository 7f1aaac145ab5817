import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Database, Queryable } from './database.ts';
import { fromThreadError, type ThreadAnswer, type ThreadReply, type ThreadRequest } from './pglite-thread-protocol.ts';

/** Distributes `Omit` over the request union: a request as its sender writes it, before it is given an id. */
type Unsent<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The thread's module beside this one: `.ts` when run from sources, `.js` in the build (and in its bundle). */
const fromSources = import.meta.url.endsWith('.ts');
const threadModule = new URL(`./pglite-thread.${fromSources ? 'ts' : 'js'}`, import.meta.url);

/**
 * The thread's young generation, in MB. The thread allocates little that lives (parameters and rows in passing), but
 * V8 sizes a young generation as for any isolate, and with its default a full sync of 2,000 key accounts peaked at
 * 409-426 MB of RSS against 332 MB with the database in the main thread; with 4 MB, 384 MB at 2,000 and at 20,000
 * (the goal is under 400), and the save bench's throughput stayed at 0.46 of the echo bot's (`npm run bench:sync`,
 * `npm run bench:request`, issue 28). It bounds only how often the thread collects, never how much it may hold.
 */
const THREAD_YOUNG_GENERATION_MB = 4;

/**
 * Starts the thread on its module. The build's is JavaScript, and takes Node's options as the main thread does (its
 * heap has start:prod's `--max-old-space-size` as its limit, as the main thread's has). From sources, the thread
 * first registers tsx's loader for itself: Node 20 neither applies the main thread's loader nor runs its `--import`
 * before a thread's first module.
 */
function startThread(folder: string): Worker {
  const options = { workerData: { folder }, resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB } };
  if (!fromSources) return new Worker(threadModule, options);
  const start = `import(${JSON.stringify(tsxEsmApi())}).then((api) => { api.register(); return import(${JSON.stringify(threadModule.href)}); });`;
  return new Worker(start, { ...options, eval: true });
}

/** tsx's ES module API (`tsx/esm/api`, its `import` export): a thread's first code is a script, which has no resolver of its own. */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(join(dirname(manifest), pkg.exports['./esm/api']!.import.default)).href;
}

/**
 * Opens the embedded database in a thread of its own (issue 28). PGlite runs every statement synchronously on the
 * thread that holds it: on the main thread, a save's two statements were about half of its CPU, during which the
 * server could accept, read and answer nothing, and a long statement (a sync's upserts, a report) held every request
 * back. In its own thread the database runs beside the HTTP and bot work, on another core when there is one.
 * The same PGlite, folder, prepared statements and locks as `openPgliteDatabase`; rows and parameters cross as
 * structured clones (dates stay dates), errors with their fields (PostgreSQL's `code` among them).
 *
 * The caller holds the folder's lock (`acquireDataDirLock`), as for `openPgliteDatabase`: one process, one opener.
 * If the thread dies, every pending and later statement fails with the reason: the process is no longer serving
 * from its database, and readiness (`/readyz`) says so.
 */
export async function openPgliteThreadDatabase(
  folder: string,
  options: { started?: (thread: Worker) => void } = {},
): Promise<Database> {
  const worker = startThread(folder);
  // The thread itself, for a test that stops it as a crash would.
  options.started?.(worker);
  const pending = new Map<number, { resolve: (r: ThreadAnswer) => void; reject: (e: Error) => void }>();
  let lastId = 0;
  let stopped: Error | undefined;
  let closing = false;

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (reply: ThreadReply) => {
      if ('ready' in reply) {
        if (reply.ready) resolve();
        else reject(fromThreadError(reply.error));
        return;
      }
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (pending.size === 0 && !closing) worker.unref();
      if (reply.ok) waiting.resolve(reply);
      else waiting.reject(fromThreadError(reply.error));
    });
    const fail = (reason: Error) => {
      stopped ??= reason;
      reject(reason);
      for (const waiting of pending.values()) waiting.reject(reason);
      pending.clear();
    };
    worker.on('error', (error) => fail(new Error(`the embedded database's thread failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new Error(`the embedded database's thread stopped (exit code ${code})`)));
  });

  function call(request: Unsent<ThreadRequest>): Promise<ThreadAnswer> {
    if (stopped) return Promise.reject(stopped);
    const id = ++lastId;
    return new Promise((resolve, reject) => {
      // Sent first: a value that cannot be copied throws here, before anything waits for a reply that never comes.
      worker.postMessage({ ...request, id });
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve, reject });
    });
  }

  const on = (tx: number | undefined): Queryable => ({
    async query<R extends object>(sql: string, params: readonly unknown[] = []) {
      params.forEach(checkParameter);
      return (await call({ op: 'query', sql, params, tx })).rows as R[];
    },
    async exec(sql: string) {
      await call({ op: 'exec', sql, tx });
    },
  });

  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  // Like PGlite in this thread, an open database does not keep the process alive: only a statement in flight does.
  worker.unref();
  /** Held until the thread has exited (a caller that awaits `close` goes on afterwards); once, however often asked. */
  async function closeThread(): Promise<void> {
    if (stopped) return;
    closing = true;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.ref();
    try {
      await call({ op: 'close' });
    } catch (error) {
      // The thread could not close its database: stop it all the same, so neither it nor the folder's lock outlives this.
      await worker.terminate();
      throw error;
    }
    await exited;
  }
  let closed: Promise<void> | undefined;

  const outside = on(undefined);
  return {
    kind: 'pglite',
    query: outside.query,
    exec: outside.exec,
    async transaction(fn) {
      const { tx } = await call({ op: 'begin' });
      let result;
      try {
        result = await fn(on(tx));
      } catch (error) {
        await call({ op: 'rollback', tx: tx! }).catch(() => undefined);
        throw error;
      }
      await call({ op: 'commit', tx: tx! });
      return result;
    },
    close() {
      closed ??= closeThread();
      return closed;
    },
  };
}

/**
 * A parameter crosses to the thread as a structured clone, which keeps only plain data: a class instance would arrive
 * as its fields without its methods (a URL as `[object Object]`, an object's `toJSON` lost), stored wrong without an
 * error. Statements pass text, numbers, booleans, dates, bytes, and arrays or plain objects of them; anything else is
 * refused here, naming the parameter.
 */
function checkParameter(value: unknown, index: number): void {
  if (!isPlainData(value))
    throw new TypeError(`parameter $${index + 1} is not plain data (${describe(value)}): pass it as text or JSON`);
}

function isPlainData(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (['string', 'number', 'boolean', 'bigint'].includes(typeof value)) return true;
  if (typeof value !== 'object') return false;
  if (value instanceof Date || ArrayBuffer.isView(value)) return true;
  if (Array.isArray(value)) return value.every(isPlainData);
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && Object.values(value).every(isPlainData);
}

const describe = (value: unknown) =>
  typeof value === 'object' ? (Object.getPrototypeOf(value)?.constructor?.name ?? 'object') : typeof value;
