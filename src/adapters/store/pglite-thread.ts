import { parentPort, workerData } from 'node:worker_threads';
import type { Queryable } from './database.ts';
import { openPgliteDatabase } from './pglite-database.ts';
import { type ThreadReply, type ThreadRequest, toThreadError } from './pglite-thread-protocol.ts';

/**
 * The embedded database's own thread (`pglite-thread-database.ts` starts it): it opens PGlite on the folder it is
 * given and runs each statement the main thread sends, in the order sent, with the same prepared statements and
 * locks as in-process (`openPgliteDatabase`). A transaction stays open between `begin` and `commit` or `rollback`;
 * PGlite's transaction lock holds every other statement back until then, as it does in one thread.
 */
if (!parentPort) throw new Error('pglite-thread.ts runs as a worker thread (pglite-thread-database.ts starts it)');
const port = parentPort;
const { folder } = workerData as { folder: string };

const send = (reply: ThreadReply) => port.postMessage(reply);

/** A rollback the main thread asked for: the transaction's callback fails with it, and it is not an error. */
const ROLLBACK = Symbol('rollback');

interface OpenTransaction {
  tx: Queryable;
  end: (commit: boolean) => void;
  ended: Promise<unknown>;
}

try {
  const db = await openPgliteDatabase(folder);
  const transactions = new Map<number, OpenTransaction>();
  let lastTx = 0;

  const on = (tx: number | undefined): Queryable => {
    if (tx === undefined) return db;
    const open = transactions.get(tx);
    if (!open) throw new Error(`transaction ${tx} is not open`);
    return open.tx;
  };

  function begin(id: number) {
    const tx = ++lastTx;
    const ended = db.transaction(
      (q) =>
        new Promise((resolve, reject) => {
          transactions.set(tx, {
            tx: q,
            end: (commit) => (commit ? resolve(undefined) : reject(ROLLBACK)),
            ended,
          });
          send({ id, ok: true, tx });
        }),
    );
    // A failed BEGIN answers the request; a failed COMMIT is answered by `commit`, which awaits this.
    ended.catch((error: unknown) => {
      if (!transactions.has(tx) && error !== ROLLBACK) send({ id, ok: false, error: toThreadError(error) });
    });
  }

  async function end(tx: number, commit: boolean) {
    const open = transactions.get(tx);
    if (!open) throw new Error(`transaction ${tx} is not open`);
    open.end(commit);
    try {
      await open.ended;
    } catch (error) {
      if (error !== ROLLBACK) throw error;
    } finally {
      transactions.delete(tx);
    }
  }

  async function handle(m: ThreadRequest): Promise<void> {
    switch (m.op) {
      case 'query':
        return send({ id: m.id, ok: true, rows: await on(m.tx).query(m.sql, m.params) });
      case 'exec':
        await on(m.tx).exec(m.sql);
        return send({ id: m.id, ok: true });
      case 'begin':
        return begin(m.id);
      case 'commit':
      case 'rollback':
        await end(m.tx, m.op === 'commit');
        return send({ id: m.id, ok: true });
      case 'close':
        await db.close();
        send({ id: m.id, ok: true });
        port.close();
        return;
    }
  }

  port.on('message', (m: ThreadRequest) => {
    handle(m).catch((error: unknown) => send({ id: m.id, ok: false, error: toThreadError(error) }));
  });
  send({ id: 0, ready: true });
} catch (error) {
  send({ id: 0, ready: false, error: toThreadError(error) });
}
