import type { Crm } from '../salesforce/salesforce-crm.ts';
import { buildSoql, idChunks, inList } from '../salesforce/soql-builder.ts';
import { SHARED_ACTIVITIES_FIELDS } from '../salesforce/sf-schema.ts';
import { ACCESS_RECORD_CODES, RETRYABLE_RECORD_CODES } from '../salesforce/salesforce-errors.ts';

/** An Event just written, and the contacts its meeting had. */
interface WrittenEvent {
  eventId: string;
  contactIds: readonly string[];
}

/** What relating contacts left undone, by Event: to retry later, parked until access is granted, or refused for good. */
export interface RelationOutcome {
  /** A moment's refusal (a locked row): the write goes back with backoff. */
  retry: Map<string, string>;
  /** Sharing refused it (INSUFFICIENT_ACCESS_*): parked with Salesforce's code, tried again by each sync. */
  access: Map<string, string>;
  /** Refused for good (a contact deleted meanwhile): the Event keeps the contacts it could relate. */
  refused: Map<string, string[]>;
}

/**
 * Relates each written Event's contacts to it (EventRelation object reference): the ones already related are read
 * first and left alone, so sending again after a crash relates nobody twice. With Shared Activities, a contact is a
 * related person of the meeting (`IsParent`), its Who among them (Salesforce relates the Who itself); without it,
 * EventRelation holds invitees only, so the other contacts are invitees and the Who is the Event's own field.
 * Per-record refusals come back by Event (`RelationOutcome`); a whole call refused throws, as any Salesforce call.
 */
export async function relateEventContacts(
  crm: Pick<Crm, 'query' | 'create' | 'fieldNames'>,
  events: readonly WrittenEvent[],
): Promise<RelationOutcome> {
  const out: RelationOutcome = { retry: new Map(), access: new Map(), refused: new Map() };
  const wanted = events.filter((e) => e.contactIds.length);
  if (!wanted.length) return out;
  const shared = (await crm.fieldNames('EventRelation')).has('IsParent');
  const related = new Set<string>();
  for (const chunk of idChunks(wanted.map((e) => e.eventId))) {
    const soql = buildSoql({
      object: 'EventRelation',
      omitFields: SHARED_ACTIVITIES_FIELDS,
      where: [inList('EventId', chunk)],
    });
    for await (const page of crm.query('EventRelation', soql))
      for (const r of page.records) related.add(`${r.EventId}:${r.RelationId}`);
  }
  const missing = wanted.flatMap((e) =>
    [...new Set(shared ? e.contactIds : e.contactIds.slice(1))]
      .filter((c) => !related.has(`${e.eventId}:${c}`))
      .map((c) => ({
        EventId: e.eventId,
        RelationId: c,
        ...(shared ? { IsParent: true, IsInvitee: false } : { IsInvitee: true }),
      })),
  );
  for (let i = 0; i < missing.length; i += 200) {
    const batch = missing.slice(i, i + 200);
    const outcomes = await crm.create('EventRelation', batch);
    for (const [n, outcome] of outcomes.entries()) {
      // Related meanwhile (by another replica's send, or by Salesforce for the Who): what was wanted.
      const errors = outcome.errors.filter((e) => e.statusCode !== 'DUPLICATE_VALUE');
      if (outcome.success || !errors.length) continue;
      const { EventId: eventId, RelationId: contact } = batch[n]!;
      const reason = errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ');
      if (errors.every((e) => RETRYABLE_RECORD_CODES.has(e.statusCode))) out.retry.set(eventId, reason);
      else if (errors.every((e) => (ACCESS_RECORD_CODES as readonly string[]).includes(e.statusCode)))
        out.access.set(eventId, reason);
      else out.refused.set(eventId, [...(out.refused.get(eventId) ?? []), `${contact}: ${reason}`]);
    }
  }
  return out;
}
