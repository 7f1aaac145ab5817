import type { Database, Queryable } from './database.ts';

/** Splits a parked write's reason, "CODE: message; CODE: message", into its reasons (a message may hold "; "). */
const REASONS = `'; (?=[A-Z_]+: )'`;
/** One pending write: where it goes, its idempotency key, and what to write. */
export interface OutboxItem {
  id: number;
  target: 'salesforce' | 'teams';
  object: string;
  key: string;
  payload: Record<string, unknown>;
  attempts: number;
  claimedVersion: number;
  /** The fencing token of this claim: only its holder may mark the send started or settle the row. */
  leaseToken: number;
}

interface Row {
  id: string;
  target: 'salesforce' | 'teams';
  object: string;
  key: string;
  payload: Record<string, unknown> | string;
  attempts: number;
  claimed_version: number;
  lease_token: number;
}

const COLUMNS = 'id, target, object, key, payload, attempts, claimed_version, lease_token';
const toItem = (r: Row): OutboxItem => ({
  id: Number(r.id),
  target: r.target,
  object: r.object,
  key: r.key,
  payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload,
  attempts: r.attempts,
  claimedVersion: r.claimed_version,
  leaseToken: r.lease_token,
});

/** Due for a (new) attempt: pending and its time has come, or leased by a holder that died before sending. */
const due = (t: string) =>
  `((${t}status = 'pending' AND ${t}next_attempt_at <= now()) OR (${t}status = 'in_flight' AND ${t}lease_until < now() AND ${t}send_started_at IS NULL))`;

/**
 * A Teams message waits while an earlier message of its thread is undelivered, unless that one is due and of the
 * same object: it is then picked first by the same claim (rows of one object are picked in id order), and the drain
 * sends both in order in one lane. Salesforce rows have no thread (`thread_key` is NULL), so this never holds them.
 */
const EARLIER_IN_THREAD_WAITING = `SELECT 1 FROM outbox e WHERE e.thread_key = o.thread_key AND e.id < o.id
  AND e.status IN ('pending', 'in_flight') AND NOT (e.object = o.object AND ${due('e.')})`;

/**
 * Arbitrary constant key of the transaction-scoped advisory lock that serialises Teams claims across replicas. Under
 * READ COMMITTED each claim statement then starts after the previous claim committed, so its view of "an earlier
 * message of this thread is in flight" is never stale (without it, two claims at once could each pick a different
 * message of one thread and send them side by side).
 */
const TEAMS_CLAIM_LOCK_KEY = 4_205_310_772;

/**
 * How a queued write meets the one already there for its (target, object, key): the new payload replaces it and
 * its version goes up, due now (a write in flight stays in flight and is sent again after); an unchanged payload
 * already delivered is not queued again. Also used by statements that queue a write with the change it reports
 * (`submitReturn`), so the rule lives here once.
 */
export const OUTBOX_REQUEUE = `ON CONFLICT (target, object, key) DO UPDATE SET
           payload = EXCLUDED.payload, version = outbox.version + 1,
           status = CASE WHEN outbox.status = 'in_flight' THEN 'in_flight' ELSE 'pending' END,
           attempts = CASE WHEN outbox.status = 'in_flight' THEN outbox.attempts ELSE 0 END,
           next_attempt_at = now(), last_error = NULL, updated_at = now()
         WHERE outbox.payload IS DISTINCT FROM EXCLUDED.payload OR outbox.status = 'failed'`;

const isDatabase = (q: Queryable): q is Database => typeof (q as Partial<Database>).transaction === 'function';

/**
 * Reads and writes `outbox`; the only place that knows its SQL. Every settle (`complete`, `retryLater`, `postpone`,
 * `fail`) applies only while the row still carries the caller's claim (`leaseToken`): a holder whose lease ran out
 * and was reclaimed changes nothing.
 */
/** The reason a delivery whose sender died mid-send is parked with: it may have arrived, so it is never sent again. */
const AMBIGUOUS_SEND =
  'UNKNOWN: the process stopped while this message was being sent; it may have arrived, so it is not sent again';

/** A delivered write: its key, what was sent, and what the target answered. */
interface DeliveredWrite {
  key: string;
  payload: Record<string, unknown>;
  result: Record<string, unknown> | null;
}

export function outboxStore(db: Queryable) {
  return {
    /**
     * Queues a write, idempotent by (target, object, key): enqueuing the same key again replaces the payload of
     * the one pending write; an unchanged payload that was already delivered is not sent again.
     */
    async enqueue(
      target: 'salesforce' | 'teams',
      object: string,
      key: string,
      payload: Record<string, unknown>,
    ): Promise<void> {
      await db.query(
        `INSERT INTO outbox (target, object, key, payload) VALUES ($1, $2, $3, $4)
         ${OUTBOX_REQUEUE}`,
        [target, object, key, JSON.stringify(payload)],
      );
    },
    /** Queues a write only if its key was never queued; true when it was queued now (a step that must happen once). */
    async enqueueOnce(
      target: 'salesforce' | 'teams',
      object: string,
      key: string,
      payload: Record<string, unknown>,
    ): Promise<boolean> {
      const rows = await db.query(
        'INSERT INTO outbox (target, object, key, payload) VALUES ($1, $2, $3, $4) ON CONFLICT (target, object, key) DO NOTHING RETURNING 1',
        [target, object, key, JSON.stringify(payload)],
      );
      return rows.length === 1;
    },
    /**
     * Leases up to `limit` due writes of one object (the oldest due first), skipping rows another replica holds;
     * a lease that expires (its holder crashed) makes the write due again.
     */
    async claim(target: 'salesforce' | 'teams', limit: number, leaseMs: number): Promise<OutboxItem[]> {
      // Teams: wait for a row another claim holds rather than skip it (skipping an earlier message of a thread
      // while taking a later one would break the thread's order). Salesforce: skip it, replicas share the work.
      const lock = target === 'teams' ? 'FOR UPDATE' : 'FOR UPDATE SKIP LOCKED';
      const claimIn = async (q: Queryable) => {
        if (target === 'teams') await q.query('SELECT pg_advisory_xact_lock($1)', [TEAMS_CLAIM_LOCK_KEY]);
        return q.query<Row>(
          `WITH next AS (
             SELECT object FROM outbox o WHERE target = $1 AND ${due('')} AND NOT EXISTS (${EARLIER_IN_THREAD_WAITING})
             ORDER BY next_attempt_at, id LIMIT 1
           ), picked AS (
             SELECT id FROM outbox o WHERE target = $1 AND object = (SELECT object FROM next) AND ${due('')}
               AND NOT EXISTS (${EARLIER_IN_THREAD_WAITING})
             ORDER BY id LIMIT $2 ${lock}
           )
           UPDATE outbox o SET status = 'in_flight', lease_until = now() + make_interval(secs => $3::float8 / 1000),
             attempts = o.attempts + 1, claimed_version = o.version, lease_token = o.lease_token + 1,
             send_started_at = NULL, updated_at = now()
           FROM picked WHERE o.id = picked.id
           RETURNING o.id, o.target, o.object, o.key, o.payload, o.attempts, o.claimed_version, o.lease_token`,
          [target, limit, leaseMs],
        );
      };
      // The advisory lock lasts for a transaction: open one unless the caller already runs in one.
      const rows = isDatabase(db) && target === 'teams' ? await db.transaction(claimIn) : await claimIn(db);
      return rows.map(toItem).sort((a, b) => a.id - b.id);
    },
    /**
     * Records, durably, that the send of a non-idempotent delivery is about to start, and extends the lease for the
     * send. False when this claim no longer holds the row (its lease ran out and another replica claimed it): the
     * caller must not send it then.
     */
    async markSendStarted(item: OutboxItem, leaseMs = 120_000): Promise<boolean> {
      const rows = await db.query(
        `UPDATE outbox SET send_started_at = now(), lease_until = now() + make_interval(secs => $3::float8 / 1000)
         WHERE id = $1 AND lease_token = $2 AND status = 'in_flight' AND send_started_at IS NULL RETURNING 1`,
        [item.id, item.leaseToken, leaseMs],
      );
      return rows.length === 1;
    },
    /**
     * Deliveries whose holder died after their send started: they may have arrived, so they are not sent again
     * but parked as failed with an UNKNOWN reason, and returned so the caller can report them.
     */
    async parkAmbiguous(target: 'teams'): Promise<OutboxItem[]> {
      const rows = await db.query<Row>(
        `UPDATE outbox SET status = 'failed', last_error = $2, lease_until = NULL, updated_at = now()
         WHERE target = $1 AND status = 'in_flight' AND lease_until < now() AND send_started_at IS NOT NULL
         RETURNING ${COLUMNS}`,
        [target, AMBIGUOUS_SEND],
      );
      return rows.map(toItem);
    },
    /**
     * Ends every lease now. Only for the embedded database at start: its data-folder lock proves no other process
     * holds a lease, so the leases found are a killed predecessor's, and its writes need not wait out their lease
     * (two minutes) before they go. A started Teams send is then reported by `parkAmbiguous`, never resent.
     */
    async expireLeasesOfDeadProcess(): Promise<number> {
      const rows = await db.query(
        `UPDATE outbox SET lease_until = now() - interval '1 millisecond', updated_at = now()
         WHERE status = 'in_flight' AND lease_until >= now() RETURNING 1`,
      );
      return rows.length;
    },
    /** Delivered; if the payload changed meanwhile, the newer version stays pending and goes next. */
    async complete(item: OutboxItem, result: unknown): Promise<void> {
      await db.query(
        `UPDATE outbox SET status = CASE WHEN version = $2 THEN 'done' ELSE 'pending' END,
           done_at = CASE WHEN version = $2 THEN now() END, result = $3, lease_until = NULL, last_error = NULL,
           attempts = CASE WHEN version = $2 THEN attempts ELSE 0 END, next_attempt_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'in_flight' AND lease_token = $4`,
        [item.id, item.claimedVersion, JSON.stringify(result ?? null), item.leaseToken],
      );
    },
    /** Not delivered this time; due again after `delayMs`. */
    async retryLater(item: OutboxItem, delayMs: number, error: string): Promise<void> {
      await db.query(
        `UPDATE outbox SET status = 'pending', next_attempt_at = now() + make_interval(secs => $2::float8 / 1000), lease_until = NULL,
           send_started_at = NULL, last_error = $3, updated_at = now() WHERE id = $1 AND status = 'in_flight' AND lease_token = $4`,
        [item.id, delayMs, error.slice(0, 2000), item.leaseToken],
      );
    },
    /** Put back untried (e.g. behind an earlier message of its thread that must go first); not counted as an attempt. */
    async postpone(item: OutboxItem, delayMs: number): Promise<void> {
      await db.query(
        `UPDATE outbox SET status = 'pending', attempts = greatest(0, attempts - 1), lease_until = NULL,
           next_attempt_at = now() + make_interval(secs => $2::float8 / 1000), updated_at = now()
         WHERE id = $1 AND status = 'in_flight' AND lease_token = $3`,
        [item.id, delayMs, item.leaseToken],
      );
    },
    /**
     * Refused for good (the record itself is wrong); kept with the reason for an operator. A newer payload queued
     * meanwhile under the same key (a delete after an upsert, say) is what is wanted now: it goes out instead.
     */
    async fail(item: OutboxItem, error: string): Promise<void> {
      await db.query(
        `UPDATE outbox SET status = CASE WHEN version = $4 THEN 'failed' ELSE 'pending' END, lease_until = NULL,
           attempts = CASE WHEN version = $4 THEN attempts ELSE 0 END, next_attempt_at = now(),
           last_error = $2, updated_at = now()
         WHERE id = $1 AND status = 'in_flight' AND lease_token = $3`,
        [item.id, error.slice(0, 2000), item.leaseToken, item.claimedVersion],
      );
    },
    /**
     * Parked writes of `object` whose reason names `marker` (a field the integration user could not see) go back to
     * pending for one more try each, once that has changed; how many.
     */
    async requeueFailedNaming(target: 'salesforce' | 'teams', object: string, marker: string): Promise<number> {
      const rows = await db.query(
        `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
         WHERE target = $1 AND object = $2 AND status = 'failed' AND strpos(last_error, $3) > 0 RETURNING 1`,
        [target, object, marker],
      );
      return rows.length;
    },
    /**
     * Writes parked as failed whose every reason (`CODE: message; CODE: message`) has one of `codes` go back to
     * pending, due now, for one more try each; how many. One refused for its content too stays parked.
     */
    async requeueFailed(target: 'salesforce' | 'teams', codes: readonly string[]): Promise<number> {
      const rows = await db.query(
        `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
         WHERE target = $1 AND status = 'failed' AND split_part(last_error, ':', 1) = ANY($2::text[])
           AND NOT EXISTS (SELECT 1 FROM regexp_split_to_table(last_error, ${REASONS}) AS part
                            WHERE split_part(part, ':', 1) <> ALL($2::text[]))
         RETURNING 1`,
        [target, codes],
      );
      return rows.length;
    },
    /**
     * Parked writes by code, most first, with one example each: a write's code is its first one not among `retried`
     * (what keeps it parked), else its first (all its reasons are of the kind `requeueFailed` sends again).
     */
    async failedByCode(
      target: 'salesforce' | 'teams',
      retried: readonly string[],
    ): Promise<{ code: string; n: number; example: string }[]> {
      return db.query(
        `SELECT coalesce((SELECT split_part(part, ':', 1) FROM regexp_split_to_table(last_error, ${REASONS}) AS part
                           WHERE split_part(part, ':', 1) <> ALL($2::text[]) LIMIT 1),
                         split_part(last_error, ':', 1)) AS code,
                count(*)::int AS n, min(object || ' ' || key) AS example
           FROM outbox WHERE target = $1 AND status = 'failed' GROUP BY 1 ORDER BY 2 DESC, 1`,
        [target, retried],
      );
    },
    /**
     * Delivered writes of one object whose key starts with `keyPrefix`, with what the target answered, in key order,
     * read `pageSize` at a time: a month's scorecard posts are one per linked channel, each with its card, and read
     * at once at 20,000 accounts they would be some 240 MB of heap.
     */
    async *delivered(
      target: 'salesforce' | 'teams',
      object: string,
      keyPrefix: string,
      pageSize = 200,
    ): AsyncGenerator<DeliveredWrite> {
      for (let after = ''; ; ) {
        const rows = await db.query<DeliveredWrite>(
          `SELECT key, payload, result FROM outbox
            WHERE target = $1 AND object = $2 AND status = 'done' AND key >= $3 AND starts_with(key, $3) AND key > $4
            ORDER BY key LIMIT $5`,
          [target, object, keyPrefix, after, pageSize],
        );
        yield* rows;
        if (rows.length < pageSize) return;
        after = rows.at(-1)!.key;
      }
    },
    /** The latest payload queued under one key (any status), if any. */
    async payloadOf(
      target: 'salesforce' | 'teams',
      object: string,
      key: string,
    ): Promise<Record<string, unknown> | undefined> {
      const [row] = await db.query<{ payload: Record<string, unknown> }>(
        'SELECT payload FROM outbox WHERE target = $1 AND object = $2 AND key = $3',
        [target, object, key],
      );
      return row?.payload;
    },
    async counts(target: 'salesforce' | 'teams'): Promise<Record<'pending' | 'in_flight' | 'done' | 'failed', number>> {
      const rows = await db.query<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM outbox WHERE target = $1 GROUP BY status',
        [target],
      );
      const out = { pending: 0, in_flight: 0, done: 0, failed: 0 };
      for (const r of rows) out[r.status as keyof typeof out] = r.n;
      return out;
    },
    /** Writes not yet delivered, oldest first (for --dry-run and status). */
    async undelivered(
      target: 'salesforce' | 'teams',
      limit = 1000,
    ): Promise<
      { object: string; key: string; payload: Record<string, unknown>; status: string; lastError: string | null }[]
    > {
      const rows = await db.query<{
        object: string;
        key: string;
        payload: Record<string, unknown>;
        status: string;
        last_error: string | null;
      }>(
        `SELECT object, key, payload, status, last_error FROM outbox WHERE target = $1 AND status IN ('pending', 'in_flight') ORDER BY id LIMIT $2`,
        [target, limit],
      );
      return rows.map((r) => ({
        object: r.object,
        key: r.key,
        payload: r.payload,
        status: r.status,
        lastError: r.last_error,
      }));
    },
  };
}

/** The narrow port of the outbox store. */
export type OutboxStore = ReturnType<typeof outboxStore>;
