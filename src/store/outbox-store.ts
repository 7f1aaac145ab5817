import type { Queryable } from './database.ts';

/** One pending write: where it goes, its idempotency key, and what to write. */
export interface OutboxItem {
  id: number;
  target: 'salesforce' | 'teams';
  object: string;
  key: string;
  payload: Record<string, unknown>;
  attempts: number;
  claimedVersion: number;
}

interface Row {
  id: string;
  target: 'salesforce' | 'teams';
  object: string;
  key: string;
  payload: Record<string, unknown> | string;
  attempts: number;
  claimed_version: number;
}

const DUE = `((status = 'pending' AND next_attempt_at <= now()) OR (status = 'in_flight' AND lease_until < now() AND send_started_at IS NULL))`;

/** Reads and writes `outbox`; the only place that knows its SQL. */
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
         ON CONFLICT (target, object, key) DO UPDATE SET
           payload = EXCLUDED.payload, version = outbox.version + 1,
           status = CASE WHEN outbox.status = 'in_flight' THEN 'in_flight' ELSE 'pending' END,
           attempts = CASE WHEN outbox.status = 'in_flight' THEN outbox.attempts ELSE 0 END,
           next_attempt_at = now(), last_error = NULL, updated_at = now()
         WHERE outbox.payload IS DISTINCT FROM EXCLUDED.payload OR outbox.status = 'failed'`,
        [target, object, key, JSON.stringify(payload)],
      );
    },
    /**
     * Queues several writes of one target in one statement, each as `enqueue` would (a key queued twice keeps the
     * last payload). A save queues its return and its key activities together instead of one round trip each.
     */
    async enqueueMany(
      target: 'salesforce' | 'teams',
      items: readonly { object: string; key: string; payload: Record<string, unknown> }[],
    ): Promise<void> {
      const last = new Map(items.map((i) => [`${i.object}\u0000${i.key}`, i]));
      if (last.size === 0) return;
      await db.query(
        `INSERT INTO outbox (target, object, key, payload)
         SELECT $1, x->>'object', x->>'key', x->'payload' FROM jsonb_array_elements($2::jsonb) AS x
         ON CONFLICT (target, object, key) DO UPDATE SET
           payload = EXCLUDED.payload, version = outbox.version + 1,
           status = CASE WHEN outbox.status = 'in_flight' THEN 'in_flight' ELSE 'pending' END,
           attempts = CASE WHEN outbox.status = 'in_flight' THEN outbox.attempts ELSE 0 END,
           next_attempt_at = now(), last_error = NULL, updated_at = now()
         WHERE outbox.payload IS DISTINCT FROM EXCLUDED.payload OR outbox.status = 'failed'`,
        [target, JSON.stringify([...last.values()])],
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
      const rows = await db.query<Row>(
        `WITH next AS (
           SELECT object FROM outbox WHERE target = $1 AND ${DUE} ORDER BY next_attempt_at, id LIMIT 1
         ), picked AS (
           SELECT id FROM outbox WHERE target = $1 AND object = (SELECT object FROM next) AND ${DUE}
           ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED
         )
         UPDATE outbox o SET status = 'in_flight', lease_until = now() + make_interval(secs => $3::float8 / 1000),
           attempts = o.attempts + 1, claimed_version = o.version, send_started_at = NULL, updated_at = now()
         FROM picked WHERE o.id = picked.id
         RETURNING o.id, o.target, o.object, o.key, o.payload, o.attempts, o.claimed_version`,
        [target, limit, leaseMs],
      );
      return rows
        .map((r) => ({
          id: Number(r.id),
          target: r.target,
          object: r.object,
          key: r.key,
          payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload,
          attempts: r.attempts,
          claimedVersion: r.claimed_version,
        }))
        .sort((a, b) => a.id - b.id);
    },
    /** Records, durably, that the send of a non-idempotent delivery is about to start. */
    async markSendStarted(item: OutboxItem): Promise<void> {
      await db.query('UPDATE outbox SET send_started_at = now() WHERE id = $1', [item.id]);
    },
    /**
     * Deliveries whose holder died after their send started: they may have arrived, so they are not sent again
     * but parked as failed with an UNKNOWN reason, and returned so the caller can report them.
     */
    async parkAmbiguous(target: 'teams'): Promise<OutboxItem[]> {
      const rows = await db.query<Row>(
        `UPDATE outbox SET status = 'failed', last_error = 'UNKNOWN: the process stopped while this message was being sent; it may have arrived, so it is not sent again',
           lease_until = NULL, updated_at = now()
         WHERE target = $1 AND status = 'in_flight' AND lease_until < now() AND send_started_at IS NOT NULL
         RETURNING id, target, object, key, payload, attempts, claimed_version`,
        [target],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        target: r.target,
        object: r.object,
        key: r.key,
        payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload,
        attempts: r.attempts,
        claimedVersion: r.claimed_version,
      }));
    },
    /** Delivered; if the payload changed meanwhile, the newer version stays pending and goes next. */
    async complete(item: OutboxItem, result: unknown): Promise<void> {
      await db.query(
        `UPDATE outbox SET status = CASE WHEN version = $2 THEN 'done' ELSE 'pending' END,
           done_at = CASE WHEN version = $2 THEN now() END, result = $3, lease_until = NULL, last_error = NULL,
           attempts = CASE WHEN version = $2 THEN attempts ELSE 0 END, next_attempt_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'in_flight'`,
        [item.id, item.claimedVersion, JSON.stringify(result ?? null)],
      );
    },
    /** Not delivered this time; due again after `delayMs`. */
    async retryLater(item: OutboxItem, delayMs: number, error: string): Promise<void> {
      await db.query(
        `UPDATE outbox SET status = 'pending', next_attempt_at = now() + make_interval(secs => $2::float8 / 1000), lease_until = NULL,
           send_started_at = NULL, last_error = $3, updated_at = now() WHERE id = $1 AND status = 'in_flight'`,
        [item.id, delayMs, error.slice(0, 2000)],
      );
    },
    /** Put back untried (e.g. behind an earlier message of its thread that must go first); not counted as an attempt. */
    async postpone(item: OutboxItem, delayMs: number): Promise<void> {
      await db.query(
        `UPDATE outbox SET status = 'pending', attempts = greatest(0, attempts - 1), lease_until = NULL,
           next_attempt_at = now() + make_interval(secs => $2::float8 / 1000), updated_at = now() WHERE id = $1 AND status = 'in_flight'`,
        [item.id, delayMs],
      );
    },
    /** Refused for good (the record itself is wrong); kept with the reason for an operator. */
    async fail(item: OutboxItem, error: string): Promise<void> {
      await db.query(
        `UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = $2, updated_at = now() WHERE id = $1 AND status = 'in_flight'`,
        [item.id, error.slice(0, 2000)],
      );
    },
    /** Delivered writes of one object whose key starts with `keyPrefix`, with what the target answered. */
    async delivered(
      target: 'salesforce' | 'teams',
      object: string,
      keyPrefix: string,
    ): Promise<{ key: string; payload: Record<string, unknown>; result: Record<string, unknown> | null }[]> {
      return db.query(
        `SELECT key, payload, result FROM outbox WHERE target = $1 AND object = $2 AND status = 'done' AND starts_with(key, $3)`,
        [target, object, keyPrefix],
      );
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
