import type { Crm } from '../salesforce/salesforce-crm.ts';
import { buildSoql, idChunks, inList } from '../salesforce/soql-builder.ts';
import { SHARED_ACTIVITIES_FIELDS } from '../salesforce/sf-schema.ts';
import { RETRYABLE_RECORD_CODES, SalesforceError } from '../salesforce/salesforce-errors.ts';

/** An Event just written, and the contacts its meeting had. */
interface WrittenEvent {
  eventId: string;
  contactIds: readonly string[];
}

/**
 * Relates each written Event's contacts to it (EventRelation object reference): the ones already related are read
 * first and left alone, so sending again after a crash relates nobody twice. With Shared Activities, a contact is a
 * related person of the meeting (`IsParent`), its Who among them (Salesforce relates the Who itself); without it,
 * EventRelation holds invitees only, so the other contacts are invitees and the Who is the Event's own field.
 * Returns each Event's refusals that sending again cannot mend (a contact deleted meanwhile): the Event stands, with
 * the contacts that could be related. A refusal worth retrying (a locked row, limits) throws, so the write is retried.
 */
export async function relateEventContacts(
  crm: Pick<Crm, 'query' | 'create' | 'fieldNames'>,
  events: readonly WrittenEvent[],
): Promise<Map<string, string[]>> {
  const refused = new Map<string, string[]>();
  const wanted = events.filter((e) => e.contactIds.length);
  if (!wanted.length) return refused;
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
      if (errors.every((e) => RETRYABLE_RECORD_CODES.has(e.statusCode)))
        throw new SalesforceError('UNAVAILABLE', `${errors[0]!.statusCode}: ${errors[0]!.message}`, true);
      const eventId = batch[n]!.EventId;
      refused.set(eventId, [
        ...(refused.get(eventId) ?? []),
        ...errors.map((e) => `${batch[n]!.RelationId}: ${e.statusCode}: ${e.message}`),
      ]);
    }
  }
  return refused;
}
