import type { Database, Queryable } from '../../src/adapters/store/database.ts';
import { until } from './until.ts';

/** A PostgreSQL transaction held open after its work, as a slow replica holds one: its locks stay taken. */
export interface HeldTransaction<T> {
  /** The server backend running it (pg_backend_pid): the one other backends' lock waits name. */
  pid: number;
  /** Lets it commit. */
  release(): void;
  /** What the work returned, once the transaction has committed. */
  committed: Promise<T>;
}

/** Runs `work` in a transaction on `db` and holds it open until `release`; resolves once the work is done. */
export async function holdTransaction<T>(
  db: Database,
  work: (tx: Queryable) => Promise<T>,
): Promise<HeldTransaction<T>> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held!: (pid: number) => void;
  const pid = new Promise<number>((r) => (held = r));
  const committed = db.transaction(async (tx) => {
    const value = await work(tx);
    const [backend] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    held(backend!.pid);
    await released;
    return value;
  });
  // A transaction that fails before it is held fails the caller, rather than leave it waiting for ever.
  return { pid: await Promise.race([pid, committed.then(() => new Promise<never>(() => {}))]), release, committed };
}

/**
 * Waits until another backend is blocked by `holder` on a row of `table`: it has the row's tuple lock, which
 * PostgreSQL takes only for a `FOR UPDATE`/`UPDATE` that must wait for the row's locker (a wait elsewhere, on a
 * unique index say, does not count). Read from pg_locks through `observer`: a race test's proof that the interleaving
 * it names happened.
 */
export function untilBlockedOnRowOf(observer: Queryable, holder: number, table: string, what: string): Promise<void> {
  return until(what, async () => {
    const [row] = await observer.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks
       WHERE locktype = 'tuple' AND relation = to_regclass($2) AND $1 = ANY(pg_blocking_pids(pid))`,
      [holder, table],
    );
    return row!.n > 0;
  });
}
