import { hostname } from 'node:os';
import type { Queryable } from './database.ts';
import { leasesStore } from './leases-store.ts';

/** What ran under the lease; undefined when another holder (this or another replica) had it. */
type LeaseRun<T> = { value: T } | undefined;

/**
 * Runs scheduled work one at a time across replicas: each run takes the named database lease, or does nothing
 * when another process holds it. The lease outlives a crash by at most `ttlMs`, so a crashed holder cannot block
 * the work for longer. Used by the monthly cycle and the Salesforce sync.
 */
export function leaseRunner(db: Queryable, name: string, ttlMs: number) {
  const holder = `${hostname()}:${process.pid}`;
  const leases = leasesStore(db);
  return async <T>(fn: () => Promise<T>): Promise<LeaseRun<T>> => {
    if (!(await leases.tryAcquire(name, holder, ttlMs))) return undefined;
    try {
      return { value: await fn() };
    } finally {
      await leases.release(name, holder);
    }
  };
}
