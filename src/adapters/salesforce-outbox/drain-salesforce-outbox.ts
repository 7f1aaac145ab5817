import type { Logger } from '../../platform/log/logger.ts';
import type { Crm } from '../salesforce/salesforce-crm.ts';
import { RETRYABLE_RECORD_CODES, type SalesforceError, toSalesforceError } from '../salesforce/salesforce-errors.ts';
import type { OutboxItem, OutboxStore } from '../store/outbox-store.ts';
import { type RelationOutcome, relateEventContacts } from './relate-event-contacts.ts';
import { backoffMs } from '../../platform/scheduling/backoff.ts';
import { recordOf, type SalesforceWritePayload } from './salesforce-writes.ts';
import type { DeletableObject } from '../salesforce/sf-schema.ts';

/** What one drain did. */
export interface DrainStats {
  sent: number;
  retried: number;
  failed: number;
  /** Set when Salesforce as a whole refused (down, limits, auth): the rest waits for the next drain. */
  stoppedBy?: string;
}

/** Why a write is parked: a refusal for access keeps Salesforce's code first, so the sync tries it again after a grant. */
const reasonOf = (e: SalesforceError) => (e.code === 'NO_ACCESS' ? e.message : `${e.code}: ${e.message}`);

/** After this many attempts a record Salesforce keeps refusing with a retryable code is parked as failed. */
const MAX_RECORD_ATTEMPTS = 10;

/**
 * Sends queued Salesforce writes in collections of up to 200 (one object per call), until nothing is due.
 * Per-record errors come back in an HTTP 200: each record is completed, retried with backoff (lock contention,
 * limits) or failed (bad data). A whole-call failure puts the batch back with backoff (Retry-After when given)
 * and stops the drain. A crash leaves items leased; when the lease expires they are sent again, and the upsert
 * by external id makes the second send update the same record instead of creating another.
 */
export async function drainSalesforceOutbox(
  deps: {
    outbox: OutboxStore;
    crm: Pick<Crm, 'upsert' | 'update' | 'deleteByExternalId' | 'query' | 'create' | 'fieldNames'>;
    log: Logger;
  },
  options: { batchSize?: number; leaseMs?: number; onProgress?: (sent: number) => void; random?: () => number } = {},
): Promise<DrainStats> {
  const stats: DrainStats = { sent: 0, retried: 0, failed: 0 };
  for (;;) {
    const claimed = await deps.outbox.claim('salesforce', options.batchSize ?? 200, options.leaseMs ?? 120_000);
    if (!claimed.length) return stats;
    const object = claimed[0]!.object;
    // Deletes go one call each (Salesforce deletes by external id one record at a time); the rest is upserted.
    const deletes = claimed.filter((i) => (i.payload as unknown as SalesforceWritePayload).op === 'delete');
    const batch = claimed.filter((i) => !deletes.includes(i));
    for (const [n, item] of deletes.entries()) {
      try {
        const outcome = await deps.crm.deleteByExternalId(
          object as DeletableObject | 'Event',
          item.key,
          (item.payload as unknown as SalesforceWritePayload).externalIdField,
        );
        await deps.outbox.complete(item, { deleted: outcome === 'deleted' });
        stats.sent += 1;
      } catch (error) {
        const e = toSalesforceError(error);
        // This one and the rest of the claim go back: a retryable failure stops the drain, as for a batch.
        for (const rest of [...deletes.slice(n), ...batch]) {
          if (e.retryable)
            await deps.outbox.retryLater(
              rest,
              backoffMs(rest.attempts, { retryAfterMs: e.retryAfterMs, random: options.random }),
              `${e.code}: ${e.message}`,
            );
        }
        if (e.retryable) {
          deps.log.warn({ object, code: e.code }, 'Salesforce refused a delete; the writes wait for the next drain');
          return { ...stats, retried: stats.retried + deletes.length - n + batch.length, stoppedBy: e.code };
        }
        await deps.outbox.fail(item, reasonOf(e));
        deps.log.error(
          { object, key: item.key, reason: e.message },
          'Salesforce refused to delete a record; it is parked as failed',
        );
        stats.failed += 1;
      }
    }
    if (!batch.length) continue;
    const externalIdField = (batch[0]!.payload as unknown as SalesforceWritePayload).externalIdField;
    let outcomes;
    try {
      const records = batch.map((i) => recordOf(i.key, i.payload));
      // A collection upsert goes by external id only; the Account summary (by Id) is a collection update.
      outcomes =
        externalIdField === 'Id'
          ? await deps.crm.update('Account', records as (Record<string, unknown> & { Id: string })[])
          : await deps.crm.upsert(object as never, records, externalIdField);
    } catch (error) {
      const e = toSalesforceError(error);
      for (const item of batch) {
        if (e.retryable)
          await deps.outbox.retryLater(
            item,
            backoffMs(item.attempts, { retryAfterMs: e.retryAfterMs, random: options.random }),
            `${e.code}: ${e.message}`,
          );
        else await deps.outbox.fail(item, reasonOf(e));
      }
      deps.log.warn(
        { object, records: batch.length, code: e.code, retryable: e.retryable },
        'Salesforce refused a write batch',
      );
      if (e.retryable) return { ...stats, retried: stats.retried + batch.length, stoppedBy: e.code };
      stats.failed += batch.length;
      continue;
    }
    const written: { item: (typeof batch)[number]; eventId: string; created?: boolean }[] = [];
    for (const [i, item] of batch.entries()) {
      const outcome = outcomes[i];
      if (outcome?.success && outcome.id && (item.payload as unknown as SalesforceWritePayload).relations) {
        written.push({ item, eventId: outcome.id, created: outcome.created });
        continue;
      }
      if (outcome?.success) {
        await deps.outbox.complete(item, { id: outcome.id, created: outcome.created });
        stats.sent += 1;
        continue;
      }
      const errors = outcome?.errors ?? [{ statusCode: 'UNKNOWN_EXCEPTION', message: 'no result for this record' }];
      const reason = errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ');
      if (errors.every((e) => RETRYABLE_RECORD_CODES.has(e.statusCode)) && item.attempts < MAX_RECORD_ATTEMPTS) {
        await deps.outbox.retryLater(item, backoffMs(item.attempts, { random: options.random, baseMs: 500 }), reason);
        stats.retried += 1;
      } else {
        await deps.outbox.fail(item, reason);
        stats.failed += 1;
        deps.log.error({ object, key: item.key, reason }, 'Salesforce rejected a record; it is parked as failed');
      }
    }
    if (written.length) {
      const done = await settleRelations(deps, written, options.random);
      stats.sent += done.sent;
      stats.retried += done.retried;
      stats.failed += done.failed;
      if (done.stoppedBy) return { ...stats, stoppedBy: done.stoppedBy };
    }
    options.onProgress?.(stats.sent);
  }
}

/**
 * Completes the Events just written once their contacts are related (`relateEventContacts`). A contact refused for the
 * moment sends that write again later (the upsert updates the same Event; only contacts still missing are related),
 * up to the attempts any record gets; one refused for access is parked for the sync to try after a grant; one
 * refused for good is logged and the Event stands. A whole call refused puts them all back and stops the drain.
 */
async function settleRelations(
  deps: { outbox: OutboxStore; crm: Pick<Crm, 'query' | 'create' | 'fieldNames'>; log: Logger },
  written: { item: OutboxItem; eventId: string; created?: boolean }[],
  random: (() => number) | undefined,
): Promise<{ sent: number; retried: number; failed: number; stoppedBy?: string }> {
  let outcome: RelationOutcome;
  try {
    outcome = await relateEventContacts(
      deps.crm,
      written.map((w) => ({
        eventId: w.eventId,
        contactIds: (w.item.payload as unknown as SalesforceWritePayload).relations ?? [],
      })),
    );
  } catch (error) {
    const e = toSalesforceError(error);
    for (const { item } of written)
      if (e.retryable)
        await deps.outbox.retryLater(
          item,
          backoffMs(item.attempts, { retryAfterMs: e.retryAfterMs, random }),
          `relating contacts: ${e.code}: ${e.message}`,
        );
      else await deps.outbox.fail(item, reasonOf(e));
    deps.log.warn({ events: written.length, code: e.code }, 'Salesforce refused to relate contacts to Events');
    return e.retryable
      ? { sent: 0, retried: written.length, failed: 0, stoppedBy: e.code }
      : { sent: 0, retried: 0, failed: written.length };
  }
  const done = { sent: 0, retried: 0, failed: 0 };
  for (const { item, eventId, created } of written) {
    const again = outcome.retry.get(eventId);
    const access = outcome.access.get(eventId);
    if (again && item.attempts < MAX_RECORD_ATTEMPTS) {
      await deps.outbox.retryLater(item, backoffMs(item.attempts, { random, baseMs: 500 }), again);
      done.retried += 1;
    } else if (again ?? access) {
      await deps.outbox.fail(item, (again ?? access)!);
      deps.log.error({ key: item.key, eventId }, 'Event written; Salesforce refused to relate its contacts: parked');
      done.failed += 1;
    } else {
      const reasons = outcome.refused.get(eventId);
      if (reasons)
        deps.log.warn({ key: item.key, eventId, reasons }, 'Event written; some contacts could not be related');
      await deps.outbox.complete(item, {
        id: eventId,
        created,
        ...(reasons ? { relationsRefused: reasons.length } : {}),
      });
      done.sent += 1;
    }
  }
  return done;
}
