/**
 * Writing a calendar meeting as a Salesforce Event through the jsforce adapter, against the stand-in's REST API: what
 * Salesforce refuses of an Event (Event object reference: the owner must be an active user, EndDateTime not before
 * StartDateTime, no event longer than 14 days:
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_event.htm),
 * and how its contacts are related with and without Shared Activities (EventRelation object reference: IsParent exists
 * only with Shared Activities; without it, rows are invitees:
 * https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-eventrelation.html).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALENDAR_KEY_FIELD } from '../../src/adapters/salesforce/sf-schema.ts';
import { relateEventContacts } from '../../src/adapters/salesforce-outbox/relate-event-contacts.ts';
import type { Crm } from '../../src/adapters/salesforce/salesforce-crm.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { startSalesforce } from '../support/start-salesforce.ts';

const logs = captureLogs();
let s: Awaited<ReturnType<typeof startSalesforce>>;
let crm: Crm;

beforeEach(async () => {
  s = await startSalesforce();
  s.sf.data.declareFields('Event', [CALENDAR_KEY_FIELD]);
  crm = await s.connect(logs.log);
});
afterEach(async () => {
  await s.sf.stop();
});

/** An account with three contacts, and its owner. */
function northwind() {
  const account = s.sf.data.records('Account').find((a) => a.Name === 'Northwind Logistics')!;
  const contacts = s.sf.data.records('Contact').filter((c) => c.AccountId === account.Id);
  return { account, owner: String(account.OwnerId), contacts: contacts.slice(0, 3).map((c) => c.Id) };
}

const meeting = (n: ReturnType<typeof northwind>, extra: Record<string, unknown> = {}) => ({
  [CALENDAR_KEY_FIELD]: `${n.account.Id}-test`,
  Subject: 'Lunch',
  OwnerId: n.owner,
  WhatId: n.account.Id,
  WhoId: n.contacts[0],
  IsAllDayEvent: false,
  StartDateTime: '2026-10-09T11:00:00.000Z',
  EndDateTime: '2026-10-09T12:30:00.000Z',
  ...extra,
});

describe('Events written by Pulse_Calendar_Key__c', () => {
  it('When the owner is inactive, the end precedes the start, or it lasts 15 days, then Salesforce refuses it and saves nothing', async () => {
    const n = northwind();
    s.sf.data.put('User', { Name: 'Gone Away', Email: 'gone@supplier.example', IsActive: false });
    const gone = s.sf.data.records('User').find((u) => u.Name === 'Gone Away')!.Id;
    const out = await crm.upsert(
      'Event',
      [
        meeting(n, { [CALENDAR_KEY_FIELD]: 'a', OwnerId: gone }),
        meeting(n, { [CALENDAR_KEY_FIELD]: 'b', EndDateTime: '2026-10-09T10:00:00.000Z' }),
        meeting(n, {
          [CALENDAR_KEY_FIELD]: 'c',
          IsAllDayEvent: true,
          ActivityDate: '2026-10-01',
          DurationInMinutes: 15 * 1440,
        }),
        meeting(n, { [CALENDAR_KEY_FIELD]: 'd' }),
      ],
      CALENDAR_KEY_FIELD,
    );
    expect(out.map((o) => o.errors[0]?.statusCode ?? 'ok')).toEqual([
      'INVALID_CROSS_REFERENCE_KEY',
      'FIELD_INTEGRITY_EXCEPTION',
      'FIELD_INTEGRITY_EXCEPTION',
      'ok',
    ]);
    expect(
      s.sf.data
        .records('Event')
        .filter((e) => e[CALENDAR_KEY_FIELD])
        .map((e) => e[CALENDAR_KEY_FIELD]),
    ).toEqual(['d']);
  });

  it('When field-level security makes the key field read only, then Salesforce refuses the Event for that field', async () => {
    s.sf.readOnlyFields.add(`Event.${CALENDAR_KEY_FIELD}`);
    expect((await crm.editableFields('Event')).has(CALENDAR_KEY_FIELD)).toBe(false);
    const [out] = await crm.upsert('Event', [meeting(northwind())], CALENDAR_KEY_FIELD);
    expect(out!.errors[0]).toMatchObject({ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' });
    expect(out!.errors[0]!.message).toContain(`Unable to create/update fields: ${CALENDAR_KEY_FIELD}`);
  });

  it('When the org has Shared Activities, then contacts are related people; the Who is related by Salesforce', async () => {
    const n = northwind();
    const [written] = await crm.upsert('Event', [meeting(n)], CALENDAR_KEY_FIELD);
    expect(await relateEventContacts(crm, [{ eventId: written!.id!, contactIds: n.contacts }])).toEqual({
      retry: new Map(),
      access: new Map(),
      refused: new Map(),
    });
    const rows = s.sf.data.records('EventRelation').filter((r) => r.EventId === written!.id);
    expect(rows.map((r) => [r.RelationId, r.IsParent, r.IsInvitee]).sort()).toEqual(
      n.contacts.map((c) => [c, true, false]).sort(),
    );
    // Asked again (a retry): nobody is related twice, and no call creates anything.
    const creates = s.sf.calls.filter((c) => c.route === 'create').length;
    await relateEventContacts(crm, [{ eventId: written!.id!, contactIds: n.contacts }]);
    expect(s.sf.calls.filter((c) => c.route === 'create').length).toBe(creates);
  });

  it('When the org has no Shared Activities, then the other contacts are invitees and IsParent is never sent', async () => {
    s.sf.data.hideField('EventRelation', 'IsParent');
    s.sf.data.hideField('EventRelation', 'IsWhat');
    crm = await s.connect(logs.log);
    const n = northwind();
    const [written] = await crm.upsert('Event', [meeting(n)], CALENDAR_KEY_FIELD);
    // The stand-in refuses a field the org lacks, as Salesforce does: the write must not name IsParent.
    await expect(
      crm.create('EventRelation', [{ EventId: written!.id, RelationId: n.contacts[1], IsParent: true }]),
    ).rejects.toMatchObject({ message: expect.stringContaining("No such column 'IsParent'") });
    await relateEventContacts(crm, [{ eventId: written!.id!, contactIds: n.contacts }]);
    const rows = s.sf.data.records('EventRelation').filter((r) => r.EventId === written!.id);
    expect(rows.map((r) => [r.RelationId, r.IsInvitee]).sort()).toEqual(
      n.contacts
        .slice(1)
        .map((c) => [c, true])
        .sort(),
    );
    expect(s.sf.data.find(written!.id!)!.record.WhoId).toBe(n.contacts[0]);
  });

  it('When a contact was deleted meanwhile, then the Event keeps the others and the refusal is reported, not retried', async () => {
    const n = northwind();
    const [written] = await crm.upsert('Event', [meeting(n)], CALENDAR_KEY_FIELD);
    s.sf.data.remove(n.contacts[2]!);
    const { refused } = await relateEventContacts(crm, [{ eventId: written!.id!, contactIds: n.contacts }]);
    expect(refused.get(written!.id!)).toEqual([expect.stringContaining('INVALID_CROSS_REFERENCE_KEY')]);
    const related = s.sf.data.records('EventRelation').filter((r) => r.EventId === written!.id);
    expect(related.map((r) => r.RelationId).sort()).toEqual(n.contacts.slice(0, 2).sort());
  });
});
