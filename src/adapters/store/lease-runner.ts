import { hostname } from 'node:os';
import type { Queryable } from './database.ts';
import { leasesStore } from './leases-store.ts';

/** What ran under the lease; undefined when another holder (this or another replica) had it. */
type LeaseRun<T> = { value: T } | undefined;

/** The lease expired during the run and another holder took it: the work must stop, or it would run twice. */
class LeaseLostError extends Error {
  readonly code = 'LEASE_LOST';
}

/**
 * Runs scheduled work one at a time across replicas: each run takes the named database lease, or does nothing
 * when another process holds it. The lease outlives a crash by at most `ttlMs`, so a crashed holder cannot block
 * the work for longer. Work that may outlast `ttlMs` calls `renew` as it goes: the lease runs `ttlMs` from then, and
 * `renew` throws LeaseLostError if another holder took it meanwhile. Used by the monthly cycle and the sync.
 */
export function leaseRunner(db: Queryable, name: string, ttlMs: number) {
  const holder = `${hostname()}:${process.pid}`;
  const leases = leasesStore(db);
  return async <T>(fn: (renew: () => Promise<void>) => Promise<T>): Promise<LeaseRun<T>> => {
    if (!(await leases.tryAcquire(name, holder, ttlMs))) return undefined;
    const renew = async () => {
      if (!(await leases.tryAcquire(name, holder, ttlMs)))
        throw new LeaseLostError(`The ${name} lease expired and another process took it; this run stopped.`);
    };
    try {
      return { value: await fn(renew) };
    } finally {
      await leases.release(name, holder);
    }
  };
}
