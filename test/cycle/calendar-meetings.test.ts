/**
 * Meetings Salesforce lacks, found in the account manager's Outlook calendar (issue 26), through the real path: the
 * demo org synced from the Salesforce stand-in, Dana's calendar read from the Graph stand-in on loopback with
 * Microsoft's Graph client library, and the check-in opened and saved through the bot's card actions. The calendar
 * shapes come from Graph's event resource (https://learn.microsoft.com/en-us/graph/api/resources/event: sensitivity,
 * isCancelled, isOnlineMeeting, locations) and attendee (https://learn.microsoft.com/en-us/graph/api/resources/attendee:
 * type resource for rooms, status.response declined).
 */
import { describe, expect, it } from 'vitest';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { GraphStandIn } from '../../src/stand-ins/graph/graph-stand-in.ts';
import { graphCalendar } from '../../src/adapters/graph/graph-calendar.ts';
import { readCalendars } from '../../src/features/calendar/read-calendars.ts';
import { DEFAULT_MEETING_RULES } from '../../src/core/domain/count-meeting.ts';
import { actions, inputValues } from '../support/card-client.ts';
import { northwindAnswers, person, useCycleWorld } from '../support/cycle-world.ts';
import { calendarApp as app, danaCalendarOf } from '../support/dana-calendar.ts';
import { handleAddressRequest } from '../../src/features/people/personal-data.ts';

const w = useCycleWorld({ perTest: true });
const { t, period } = w;
const danaCalendar = () => danaCalendarOf(w);
const open = async (accountId: string) =>
  (await w.click('dana', { verb: 'return.open', data: { period, accountId } })).value;

describe("Meetings from Dana's calendar in her check-in (clock at 4 Nov 2026, 10:00 UTC)", () => {
  it('When her calendar is read, then the form lists what Salesforce lacks with reasons, and saving counts it once', async () => {
    await w.openCycleForAll();
    const { graph, read, northwindId, contacts } = await danaCalendar();
    try {
      const summary = await read();
      // Only Dana has a mailbox in this tenant: the other managers are reported, not guessed at.
      expect(summary).toMatchObject({ managers: 4, read: 1, noMailbox: 0 });
      expect(summary.failed.map((f) => f.failure)).toEqual(['NO_MAILBOX', 'NO_MAILBOX', 'NO_MAILBOX']);
      const form = await open(northwindId);
      const text = JSON.stringify(form);
      expect(text).toContain('Found in your calendar');
      expect(text).toContain(`${period}-09: Lunch at Trattoria (${contacts[0]!.Name})`);
      expect(text).toContain('a meeting place: face to face');
      expect(text).toContain('not in Salesforce, not counted: j.doe@');
      expect(text).toContain('an online meeting: a video call, not face to face');
      expect(text).toContain('also in your calendar');
      for (const never of ['QBR (calendar copy)', 'Personal appointment', 'Cancelled visit', 'Declined dinner'])
        expect(text).not.toContain(never);
      const inputs = inputValues(form);
      expect([inputs.c0_keep, inputs.c1_keep, inputs.c2_keep]).toEqual(['true', 'true', undefined]);
      expect(inputs.c0_minutes).toBe('90');

      // Three touches: the prefilled form saved with its defaults (the answers are the same in every cycle test).
      const save = actions(form).find((a) => a.verb === 'return.save')!;
      await w.click('dana', save, { ...inputs, ...northwindAnswers });
      const saved = (await returnsStore(t.tdb.db).getReturn(period, northwindId))!;
      // The QBR (2 h with 4 people) and the lunch (1.5 h with 1); the call is a video call, not admitted.
      expect(saved.clientManHours).toBe(9.5);
      expect(saved.meetings.filter((m) => m.calendarEventId).map((m) => m.subject)).toEqual([
        'Lunch at Trattoria',
        'Forecast call',
      ]);
      const met = saved.peopleMet!.map((p) => p.id);
      for (const c of contacts.slice(0, 3)) expect(met).toContain(c.Id);
      const queued = await outboxStore(t.tdb.db).undelivered('salesforce');
      expect(queued.find((x) => x.key === `${northwindId}-${period}`)?.payload).toMatchObject({
        fields: { Client_Man_Hours__c: 9.5, Meetings__c: 3, Client_People_Met__c: met.length },
      });

      // Reopened: the saved calendar rows are ticked as saved.
      const again = inputValues(await open(northwindId));
      expect([again.c0_keep, again.c1_keep]).toEqual(['true', 'true']);
    } finally {
      await graph.stop();
    }
  });

  it('When she unticks a calendar meeting, then it does not count; when the calendar changed, then the form comes back', async () => {
    await w.openCycleForAll();
    const { graph, read, northwindId, ids } = await danaCalendar();
    try {
      await read();
      const form = await open(northwindId);
      const save = actions(form).find((a) => a.verb === 'return.save')!;
      // Meanwhile the lunch is deleted, and Exchange forgot the delta round (410 SyncStateNotFound): the next read
      // reads the window whole again and sees it gone. The form she holds is out of date.
      graph.calendars.deleteEvent(w.members.dana!.aadObjectId!, ids.lunch);
      graph.expireSyncState();
      expect(await read()).toMatchObject({ read: 1 });
      expect(graph.calls.filter((c) => c.status === 410)).toHaveLength(1);
      // She had unticked the call (the second row) and corrected a Salesforce row's minutes.
      const entered = { ...inputValues(form), c1_keep: 'false', m0_minutes: '100', ...northwindAnswers };
      const stale = await w.click('dana', save, entered);
      expect(JSON.stringify(stale.value)).toContain('Your calendar changed since this form was made');
      expect(await returnsStore(t.tdb.db).getReturn(period, northwindId)).toBeUndefined();

      // The form comes back with the calendar's latest rows, and what she entered on the rows still there.
      const fresh = stale.value;
      expect(JSON.stringify(fresh)).not.toContain('Lunch at Trattoria');
      expect([inputValues(fresh).c0_keep, inputValues(fresh).m0_minutes]).toEqual(['false', '100']);
      const inputs = { ...inputValues(fresh), m0_minutes: inputValues(form).m0_minutes!, ...northwindAnswers };
      await w.click('dana', actions(fresh).find((a) => a.verb === 'return.save')!, inputs);
      const saved = (await returnsStore(t.tdb.db).getReturn(period, northwindId))!;
      expect(saved.clientManHours).toBe(8);
      expect(saved.meetings.some((m) => m.calendarEventId)).toBe(false);
    } finally {
      await graph.stop();
    }
  });

  it('When a saved calendar meeting leaves her calendar, then the form still lists it, ticked and marked, until she unticks it', async () => {
    await w.openCycleForAll();
    const { graph, read, northwindId, ids } = await danaCalendar();
    try {
      await read();
      const form = await open(northwindId);
      await w.click('dana', actions(form).find((a) => a.verb === 'return.save')!, {
        ...inputValues(form),
        ...northwindAnswers,
      });
      expect((await returnsStore(t.tdb.db).getReturn(period, northwindId))!.clientManHours).toBe(9.5);
      // The lunch is deleted after the save; the next read (delta: @removed) no longer finds it.
      graph.calendars.deleteEvent(w.members.dana!.aadObjectId!, ids.lunch);
      await read();
      const reopened = await open(northwindId);
      const text = JSON.stringify(reopened);
      expect(text).toContain('Lunch at Trattoria');
      expect(text).toContain('no longer in your calendar since you saved');
      const inputs = inputValues(reopened);
      expect([inputs.c0_keep, inputs.c1_keep]).toEqual(['true', 'true']);
      const save = actions(reopened).find((a) => a.verb === 'return.save')!;
      await w.click('dana', save, { ...inputs, ...northwindAnswers });
      expect((await returnsStore(t.tdb.db).getReturn(period, northwindId))!.clientManHours).toBe(9.5);
      await w.click('dana', save, { ...inputs, c1_keep: 'false', ...northwindAnswers });
      const saved = (await returnsStore(t.tdb.db).getReturn(period, northwindId))!;
      expect(saved.clientManHours).toBe(8);
      expect(saved.meetings.some((m) => m.subject === 'Lunch at Trattoria')).toBe(false);
    } finally {
      await graph.stop();
    }
  });

  it('When the stranger at the lunch is added as a contact in Salesforce, then the next read counts her', async () => {
    await w.openCycleForAll();
    const { graph, read, northwindId, contacts } = await danaCalendar();
    try {
      await read();
      expect(JSON.stringify(await open(northwindId))).toContain('not in Salesforce, not counted: j.doe@');
      // Dana adds her in Salesforce; the scheduled sync brings the contact in. The lunch did not change in the
      // calendar, so a delta round alone would never give it again: the changed directory starts a whole round.
      t.bot.clock.advance(60_000);
      const domain = String(contacts[0]!.Email).split('@')[1];
      w.salesforce().sf.data.put('Contact', { AccountId: northwindId, Name: 'Jo Doe', Email: `j.doe@${domain}` });
      await w.sync();
      await read();
      const text = JSON.stringify(await open(northwindId));
      expect(text).toContain(`Lunch at Trattoria (${[contacts[0]!.Name, 'Jo Doe'].sort().join(', ')})`);
      expect(text).not.toContain('not in Salesforce, not counted: j.doe@');
    } finally {
      await graph.stop();
    }
  });

  it('When a stranger asks to be erased, then no meeting names them, now or after a whole read, and the others stay named', async () => {
    await w.openCycleForAll();
    const { graph, read, northwindId, contacts } = await danaCalendar();
    try {
      // A site visit with a contact and two people Salesforce does not know: D. Oe, and J. Doe of the lunch.
      const domain = String(contacts[0]!.Email).split('@')[1]!;
      const erasedAddress = `doe@${domain}`;
      graph.calendars.addEvent(w.members.dana!.aadObjectId!, {
        subject: 'Site visit',
        start: `${period}-16T09:00:00Z`,
        end: `${period}-16T10:00:00Z`,
        location: { displayName: 'Northwind depot', locationType: 'default' },
        attendees: [
          { address: String(contacts[4]!.Email), name: String(contacts[4]!.Name), response: 'accepted' },
          // Graph gives an address as its owner typed it: the erasure finds it whatever its case.
          { address: `Doe@${domain.toUpperCase()}`, name: 'D. Oe', response: 'accepted' },
          { address: `j.doe@${domain}`, name: 'J. Doe', response: 'accepted' },
        ],
        organizer: { address: person('dana').email, name: 'Dana Whitfield' },
      });
      await read();
      const exported = await handleAddressRequest(t.tdb.db, 'export', erasedAddress.toUpperCase(), t.bot.clock.now);
      expect(exported.action === 'export' && exported.data.calendarAttendee.rows).toMatchObject([
        { account_id: northwindId, local_date: `${period}-16`, address: erasedAddress },
      ]);
      const erased = await handleAddressRequest(t.tdb.db, 'erase', erasedAddress, t.bot.clock.now);
      expect(erased.action === 'erase' && erased.erased).toEqual({ calendarAttendee: 1 });
      // Only the erased address goes: "j.doe@…", which holds it, is still named, on the visit and the lunch.
      const held = async () => JSON.stringify(await t.tdb.db.query('SELECT * FROM calendar_meetings'));
      const visitReasons = async () =>
        (
          await t.tdb.db.query<{ reasons: string[] }>(
            "SELECT reasons FROM calendar_meetings WHERE subject = 'Site visit'",
          )
        )[0]!.reasons;
      const expected = [
        'a meeting place: face to face',
        `not in Salesforce, not counted: j.doe@${domain} (add them as contacts to count them)`,
        '1 person erased on request, not counted',
      ];
      expect(await visitReasons()).toEqual(expected);
      expect(await held()).not.toMatch(new RegExp(`(?<!j\\.)doe@${domain.replace(/\./g, '\\.')}`, 'i'));
      expect(await held()).toContain(`Lunch at Trattoria`);
      // Exchange forgot the delta round: the whole window is read again, and the visit with it, in the same words.
      graph.expireSyncState();
      await read();
      expect(await visitReasons()).toEqual(expected);
      expect(await held()).not.toMatch(new RegExp(`(?<!j\\.)doe@${domain.replace(/\./g, '\\.')}`, 'i'));
      // Only a digest of the address is kept, to leave them out.
      expect(JSON.stringify(await t.tdb.db.query('SELECT * FROM erased_addresses'))).not.toContain('doe@');
    } finally {
      await graph.stop();
    }
  });

  it('When her calendar holds more client meetings than the form lists, then it says how many are left out', async () => {
    await w.openCycleForAll();
    const { graph, read, northwindId, contacts } = await danaCalendar();
    try {
      // The lunch and the call, and 19 stand-ups: 21 meetings Salesforce lacks, one past the 20 rows listed.
      for (let day = 1; day <= 19; day++)
        graph.calendars.addEvent(w.members.dana!.aadObjectId!, {
          subject: `Stand-up ${day}`,
          start: `${period}-${String(day).padStart(2, '0')}T06:00:00Z`,
          end: `${period}-${String(day).padStart(2, '0')}T06:15:00Z`,
          isOnlineMeeting: true,
          attendees: [{ address: String(contacts[4]!.Email), name: String(contacts[4]!.Name), response: 'accepted' }],
          organizer: { address: person('dana').email, name: 'Dana Whitfield' },
        });
      await read();
      const form = await open(northwindId);
      expect(inputValues(form).c19_keep).toBe('true');
      expect(inputValues(form).c20_keep).toBeUndefined();
      expect(JSON.stringify(form)).toContain('1 more meeting found in your calendar is not listed and does not count');
    } finally {
      await graph.stop();
    }
  });

  it('When the app holds no Entra permission and RBAC for Applications grants Dana alone, then the others are recorded and she is read', async () => {
    await w.openCycleForAll();
    const bare = await new GraphStandIn({ ...app, roles: [] }, () => t.bot.clock.now().getTime()).start();
    try {
      const dana = w.members.dana!.aadObjectId!;
      bare.calendars.addMailbox(dana, person('dana').email);
      // Marco and Priya are known in Teams (their mailbox is their Entra id), Lena by her e-mail only.
      for (const key of ['marco', 'priya', 'lena'])
        bare.calendars.addMailbox(w.members[key]?.aadObjectId ?? `mbx-${key}`, person(key).email);
      bare.exchangeGrants = new Set([dana]);
      const read = (g: GraphStandIn) =>
        readCalendars({
          db: t.tdb.db,
          calendar: graphCalendar({ ...app, graphUrl: g.url, loginUrl: g.url }, { now: t.bot.clock.now }),
          log: t.bot.logs.log,
          now: t.bot.clock.now,
          rules: DEFAULT_MEETING_RULES,
          keepSubjects: true,
        });
      const summary = await read(bare);
      expect(summary).toMatchObject({ managers: 4, read: 1 });
      expect(summary.failed.map((f) => f.failure)).toEqual(['NOT_CONSENTED', 'NOT_CONSENTED', 'NOT_CONSENTED']);
      // No grant anywhere: the app has no calendar permission at all, and the read says so.
      bare.exchangeGrants = new Set();
      await expect(read(bare)).rejects.toMatchObject({ failure: 'NOT_CONSENTED' });
    } finally {
      await bare.stop();
    }
  });
});
