/**
 * Confirmed calendar meetings written back to Salesforce as Events (issue 26, optional per org:
 * GRAPH_CALENDAR_WRITE_BACK=on), through the real path: Dana's calendar read from the Graph stand-in, her check-in saved
 * through the bot's card actions, the outbox drained to the Salesforce stand-in over the REST API, and synced back.
 * Salesforce's side follows the Event object reference (OwnerId, WhatId, WhoId, StartDateTime/EndDateTime, 14-day
 * limit: https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_event.htm),
 * the EventRelation object reference (with Shared Activities a contact is a related Who, IsParent; deleting an Event
 * deletes its relations: https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-eventrelation.html),
 * and sObject Collections (create, and upsert by an external id:
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm).
 */
import { describe, expect, it } from 'vitest';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { drainSalesforceOutbox } from '../../src/adapters/salesforce-outbox/drain-salesforce-outbox.ts';
import { CALENDAR_KEY_FIELD } from '../../src/adapters/salesforce/sf-schema.ts';
import { calendarEventKey } from '../../src/features/cycle/calendar-event-writes.ts';
import { actions, inputValues } from '../support/card-client.ts';
import { northwindAnswers, useCycleWorld } from '../support/cycle-world.ts';
import { danaCalendarOf } from '../support/dana-calendar.ts';

const w = useCycleWorld({ perTest: true, env: { GRAPH_CALENDAR: 'on', GRAPH_CALENDAR_WRITE_BACK: 'on' } });
const { t, period } = w;

const open = async (accountId: string) =>
  (await w.click('dana', { verb: 'return.open', data: { period, accountId } })).value;

/** Saves the form as it comes, with the cycle tests' answers, overriding `inputs`. */
async function saveAsShown(accountId: string, inputs: Record<string, string> = {}) {
  const form = await open(accountId);
  await w.click('dana', actions(form).find((a) => a.verb === 'return.save')!, {
    ...inputValues(form),
    ...northwindAnswers,
    ...inputs,
  });
  return form;
}

const drain = async () =>
  drainSalesforceOutbox({
    outbox: outboxStore(t.tdb.db),
    crm: await w.salesforce().connect(t.bot.logs.log),
    log: t.bot.logs.log,
  });

/** Our Events in the org, and the people related to each. */
function ourEvents() {
  const data = w.salesforce().sf.data;
  return data
    .records('Event')
    .filter((e) => e[CALENDAR_KEY_FIELD])
    .map((e): Record<string, unknown> & { Id: string; related: string[] } => ({
      ...e,
      related: data
        .records('EventRelation')
        .filter((r) => r.EventId === e.Id)
        .map((r) => String(r.RelationId))
        .sort(),
    }))
    .sort((a, b) => String(a.StartDateTime).localeCompare(String(b.StartDateTime)));
}

describe("Dana's confirmed calendar meetings as Salesforce Events (clock at 4 Nov 2026)", () => {
  it('When she saves her check-in, then each ticked calendar meeting becomes one Event of hers with its contacts, however often sent', async () => {
    await w.openCycleForAll();
    // The admin assigned Pulse_Integration_Calendar_Events: the integration user sees the key field.
    w.salesforce().sf.data.declareFields('Event', [CALENDAR_KEY_FIELD]);
    const { graph, read, northwindId, contacts, ids } = await danaCalendarOf(w);
    try {
      await read();
      await saveAsShown(northwindId);
      // The process dies between writing the Events and relating their contacts: Salesforce is down for the relating
      // call, so the writes go back and the drain stops; sent again, each Event is updated, not made twice.
      w.salesforce().sf.faults.push({ route: 'create', status: 503, errorCode: 'SERVER_UNAVAILABLE', times: 1 });
      expect(await drain()).toMatchObject({ retried: 2, stoppedBy: 'UNAVAILABLE' });
      // Each Event holds only its Who so far, which Salesforce relates itself.
      expect(ourEvents().map((e) => e.related.length)).toEqual([1, 1]);
      await t.tdb.db.query("UPDATE outbox SET next_attempt_at = now() - interval '1 second' WHERE object = 'Event'");
      expect((await drain()).failed).toBe(0);
      const dana = w
        .salesforce()
        .sf.data.records('User')
        .find((u) => u.Name === 'Dana Whitfield')!;
      const events = ourEvents();
      expect(events.map((e) => [e.Subject, e.StartDateTime, e.EndDateTime, e.IsAllDayEvent])).toEqual([
        ['Lunch at Trattoria', `${period}-09T11:00:00.000+0000`, `${period}-09T12:30:00.000+0000`, false],
        ['Forecast call', `${period}-14T15:00:00.000+0000`, `${period}-14T15:45:00.000+0000`, false],
      ]);
      for (const e of events) {
        expect(e).toMatchObject({ OwnerId: dana.Id, WhatId: northwindId, AccountId: northwindId, IsChild: false });
        expect(String(e.Description)).toContain(`confirmed in the Partnership Pulse check-in for ${period}`);
      }
      // The lunch's one contact is its Who (Salesforce relates it); the call's two are related people (IsParent).
      expect(events[0]!.related).toEqual([contacts[0]!.Id]);
      expect(events[1]!.related).toEqual([contacts[1]!.Id, contacts[2]!.Id].sort());
      expect([contacts[1]!.Id, contacts[2]!.Id]).toContain(events[1]!.WhoId);
      expect(events[1]![CALENDAR_KEY_FIELD]).toBe(calendarEventKey(northwindId, ids.call));

      // Sent again after a crash (the lease ran out before it was marked done): the same Event, nobody related twice.
      await t.tdb.db.query(
        "UPDATE outbox SET status = 'pending', next_attempt_at = now() - interval '1 second' WHERE object = 'Event'",
      );
      expect((await drain()).sent).toBe(2);
      // Saved again unchanged: nothing new goes out.
      await saveAsShown(northwindId);
      expect((await drain()).sent).toBe(0);
      expect(ourEvents().map((e) => [e.Id, e.related])).toEqual(events.map((e) => [e.Id, e.related]));
      expect(
        w
          .salesforce()
          .sf.data.records('EventRelation')
          .filter((r) => r.EventId === events[1]!.Id),
      ).toHaveLength(2);

      // The next sync leaves our Events out: her check-in still lists both as calendar rows, ticked, counted once.
      await w.sync();
      const reopened = await open(northwindId);
      const text = JSON.stringify(reopened);
      expect(text).not.toContain('no longer in your calendar');
      expect(text).not.toContain('Salesforce has changed');
      expect([inputValues(reopened).c0_keep, inputValues(reopened).c1_keep]).toEqual(['true', 'true']);
      expect((await returnsStore(t.tdb.db).getReturn(period, northwindId))!.clientManHours).toBe(9.5);

      // She unticks the call: its Event is deleted, with its relations; the lunch stays.
      await saveAsShown(northwindId, { c1_keep: 'false' });
      expect((await drain()).failed).toBe(0);
      expect(ourEvents().map((e) => e.Subject)).toEqual(['Lunch at Trattoria']);
      expect(
        w
          .salesforce()
          .sf.data.records('EventRelation')
          .some((r) => r.EventId === events[1]!.Id),
      ).toBe(false);
    } finally {
      await graph.stop();
    }
  });

  it('When the org has not granted the calendar permission set, then the Events are parked, the return saved, and they land after the grant', async () => {
    await w.openCycleForAll();
    const { graph, read, northwindId } = await danaCalendarOf(w);
    try {
      await read();
      await saveAsShown(northwindId);
      const stats = await drain();
      expect(stats.failed).toBe(2);
      const parked = await t.tdb.db.query<{ last_error: string }>(
        "SELECT last_error FROM outbox WHERE object = 'Event' AND status = 'failed'",
      );
      // The key field is hidden from the integration user, so Salesforce knows no such column (INVALID_FIELD).
      expect(parked[0]!.last_error).toContain(`No such column '${CALENDAR_KEY_FIELD}' on sobject of type Event`);
      expect(ourEvents()).toEqual([]);
      expect((await returnsStore(t.tdb.db).getReturn(period, northwindId))!.clientManHours).toBe(9.5);
      // The admin assigns the permission set; the next scheduled sync sees the field and sends the parked Events.
      w.salesforce().sf.data.declareFields('Event', [CALENDAR_KEY_FIELD]);
      await w.sync();
      expect(ourEvents().map((e) => e.Subject)).toEqual(['Lunch at Trattoria', 'Forecast call']);
    } finally {
      await graph.stop();
    }
  });

  it('When Account sharing is Private, then a delete is parked for access and lands once the integration user may edit', async () => {
    await w.openCycleForAll();
    const sf = w.salesforce().sf;
    sf.data.declareFields('Event', [CALENDAR_KEY_FIELD]);
    const { graph, read, northwindId, contacts } = await danaCalendarOf(w);
    // A two-day workshop at the client's, all day: an all-day Event of its own dates.
    graph.calendars.addEvent(w.members.dana!.aadObjectId!, {
      subject: 'Planning workshop',
      allDay: { date: `${period}-27`, days: 2, zone: 'Europe/London' },
      location: { displayName: 'Northwind HQ', locationType: 'default' },
      attendees: [{ address: String(contacts[3]!.Email), name: String(contacts[3]!.Name), response: 'accepted' }],
      organizer: { address: 'dana@supplier.example', name: 'Dana Whitfield' },
    });
    try {
      await read();
      await saveAsShown(northwindId);
      await drain();
      expect(ourEvents().find((e) => e.Subject === 'Planning workshop')).toMatchObject({
        IsAllDayEvent: true,
        ActivityDate: `${period}-27`,
        DurationInMinutes: 2 * 1440,
      });
      // Private Account sharing (activities controlled by parent): changing or deleting our Events needs edit on the
      // account. Dana unticks the call; Salesforce refuses the delete, and the write is parked for access.
      sf.data.records('Organization')[0]!.DefaultAccountAccess = 'None';
      await saveAsShown(northwindId, { c1_keep: 'false' });
      expect((await drain()).failed).toBeGreaterThanOrEqual(1);
      const parked = await t.tdb.db.query<{ key: string; last_error: string }>(
        "SELECT key, last_error FROM outbox WHERE object = 'Event' AND status = 'failed'",
      );
      expect(parked.map((p) => p.last_error.split(':')[0])).toContain('INSUFFICIENT_ACCESS_OR_READONLY');
      expect(ourEvents().map((e) => e.Subject)).toContain('Forecast call');
      // A sharing rule gives the integration user edit: the next sync sends the parked writes again.
      sf.accountEditGranted = true;
      await w.sync();
      expect(ourEvents().map((e) => e.Subject)).toEqual(['Lunch at Trattoria', 'Planning workshop']);
    } finally {
      await graph.stop();
    }
  });
});
