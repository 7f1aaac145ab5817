import type { SyncRow } from '../../src/adapters/store/sync-store.ts';

/**
 * Rows as the sync stores them, with every column a test does not care about filled the way an ordinary record
 * leaves it, so a test names only what it is about (an owner, a time zone, a key account).
 */
export function salesforceUserRow(
  user: { id: string; name: string; email: string; time_zone?: string },
  modstamp: Date,
): SyncRow {
  return { federation_id: null, time_zone: 'UTC', manager_id: null, is_active: true, modstamp, ...user };
}

/** A key account owned by `owner_id`, as the sync stores it. */
export function keyAccountRow(account: { id: string; name: string; owner_id: string }, modstamp: Date): SyncRow {
  return { annual_revenue: null, industry: null, type: null, is_key: true, modstamp, ...account };
}
