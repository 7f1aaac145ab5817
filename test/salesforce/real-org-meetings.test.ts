/**
 * Meetings recorded the ways real orgs record them, each shaped as Salesforce's documentation shows it, through the
 * real sync (jsforce against the stand-in on loopback) into the store, the monthly return form's prefill and the
 * client man-hours the saved return reports. Documentation relied on:
 * - Event: https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-event.html
 *   (WhoId; IsChild; IsAllDayEvent; DurationInMinutes; IsRecurrence and RecurrenceActivityId; IsRecurrence2…)
 * - EventRelation: https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-eventrelation.html
 *   (without Shared Activities rows are invitees only and the contact is the Event's WhoId; with it a related contact
 *   is a row with IsParent = true, an invitee one with IsInvitee = true; "An EventRelation object can't be created
 *   for a child event"; Status)
 * - Recurring activities (the series record beside its occurrences; Lightning's series record has GroupEventType 3):
 *   https://developer.salesforce.com/docs/atlas.en-us.244.0.change_data_capture.meta/change_data_capture/cdc_standard_objects_task_event_recurring.htm
 * - Lightning event series (IsRecurrence2 occurrences): https://developer.salesforce.com/docs/platform/api-rest/guide/dome-event-series-delete.html
 */
import { meetingWindow } from '../../src/core/domain/local-time.ts';
import { cyclePeriodsStore } from '../../src/adapters/store/cycle-periods-store.ts';
import { testClock } from '../support/test-clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { rememberDemoUser } from '../support/demo-people.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { actions, inputValues } from '../support/card-client.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { sfDateTime, type SfRecord } from '../../src/stand-ins/salesforce/dataset.ts';
import { peopleStore } from '../../src/adapters/store/people-store.ts';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { formCard, saveReturn, type CheckinDeps } from '../../src/features/cycle/checkin.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';
import { addMonths, lastEndedPeriod, periodBounds, type Period } from '../../src/core/domain/period.ts';
import { DEFAULT_MEETING_RULES, type MeetingRules } from '../../src/core/domain/count-meeting.ts';
import type { Crm } from '../../src/adapters/salesforce/salesforce-crm.ts';
import type { MappedUser } from '../../src/adapters/store/people-store.ts';

/** The instant this file runs at: PINNED_AT (4 November 2026, 10:00 UTC). */
const pinned = testClock().now;

let s: Awaited<ReturnType<typeof startSalesforce>>;
let t: TestDatabase;
let crm: Crm;
let me: MappedUser;
let account: SfRecord;
let danaId: string;
let samId: string;
const contacts: SfRecord[] = [];
let consultant: SfRecord;
let lead: SfRecord;
let otherKeyContact: SfRecord;
const logs = captureLogs();
const last = lastEndedPeriod(pinned());

beforeAll(async () => {
  s = await startSalesforce({ keyAccounts: 2, meetingsPerAccount: 1 });
  t = await openTestDatabase();
  crm = await s.connect(logs.log);
  const users = s.sf.data.records('User');
  danaId = users.find((u) => u.Name === 'Dana Whitfield')!.Id;
  samId = users.find((u) => u.Name === 'Sam Okafor')!.Id;
  account = s.sf.data.put('Account', {
    Name: 'Harbour Freight plc',
    OwnerId: danaId,
    AnnualRevenue: 40_000_000,
    Industry: 'Logistics',
    Type: 'Customer - Direct',
    Key_Account__c: true,
  });
  for (const name of ['Ada Brook', 'Ben Carr', 'Cy Dunn', 'Di Eve', 'Ed Fox', 'Flo Gray'])
    contacts.push(
      s.sf.data.put('Contact', {
        AccountId: account.Id,
        Name: name,
        Title: 'Logistics Manager',
        Email: null,
        Pulse_Left_Company__c: false,
      }),
    );
  const firm = s.sf.data.put('Account', { Name: 'Keen Consulting', OwnerId: danaId, Key_Account__c: false });
  consultant = s.sf.data.put('Contact', { AccountId: firm.Id, Name: 'Kit Lowe', Title: 'Consultant' });
  lead = s.sf.data.put('Lead', { Name: 'Lou Mars', Company: 'Harbour Freight plc', Status: 'Open - Not Contacted' });
  const northwind = s.sf.data.records('Account').find((a) => a.Name === 'Northwind Logistics')!;
  otherKeyContact = s.sf.data.records('Contact').find((c) => c.AccountId === northwind.Id)!;
  await runSync({ db: t.db, crm, settings: s.settings.jwt, log: logs.log, now: pinned });
  await rememberDemoUser(t.db, 'dana', { id: '29:dana', aadObjectId: 'oid-dana', tenantId: 'tenant' });
  me = (await peopleStore(t.db).byTeamsUser('29:dana'))!;
});
afterAll(async () => {
  await s.sf.stop();
  await t.close();
});

/** A day of `period` at `hour` UTC. */
const at = (period: Period, day: number, hour = 10) =>
  new Date(periodBounds(period)[0].getTime() + (day - 1) * 86_400_000 + hour * 3_600_000);

/** An Event as the object reference shows one: the organiser owns it and has no EventRelation row. */
function event(period: Period, day: number, fields: Record<string, unknown> = {}): SfRecord {
  const start = at(period, day);
  const minutes = (fields.DurationInMinutes as number | undefined) ?? 60;
  return s.sf.data.put('Event', {
    AccountId: account.Id,
    WhatId: account.Id,
    WhoId: null,
    OwnerId: danaId,
    Subject: 'Meeting',
    StartDateTime: sfDateTime(start),
    EndDateTime: sfDateTime(new Date(start.getTime() + minutes * 60_000)),
    DurationInMinutes: minutes,
    IsAllDayEvent: false,
    Type: 'Meeting',
    Location: 'Harbour HQ',
    IsChild: false,
    IsRecurrence: false,
    GroupEventType: '0',
    ...fields,
  });
}

function relation(e: SfRecord, relationId: string, o: { invitee?: boolean; parent?: boolean; status?: string } = {}) {
  return s.sf.data.put('EventRelation', {
    EventId: e.Id,
    RelationId: relationId,
    IsInvitee: o.invitee ?? true,
    IsParent: o.parent ?? false,
    IsWhat: false,
    Status: o.status ?? 'New',
  });
}

/** Syncs, opens `period`, and returns the form Dana sees for the account, with its inputs. */
async function form(period: Period, rules: MeetingRules = DEFAULT_MEETING_RULES) {
  await runSync({ db: t.db, crm, settings: s.settings.jwt, log: logs.log, now: pinned });
  await cyclePeriodsStore(t.db).openPeriod(period);
  const deps: CheckinDeps = {
    db: t.db,
    log: logs.log,
    scoringSettings: DEFAULT_SCORING_SETTINGS,
    meetingRules: rules,
    now: pinned,
  };
  const card = (await formCard(deps, period, me, account.Id)).content as Record<string, unknown>;
  return { deps, card, inputs: inputValues(card), text: JSON.stringify(card) };
}

/** Saves the form as shown (with `changes`), and returns the client man-hours the return reports. */
async function save(period: Period, f: Awaited<ReturnType<typeof form>>, changes: Record<string, string> = {}) {
  const saveAction = actions(f.card).find((a) => a.verb === 'return.save')!;
  await saveReturn(f.deps, period, '29:dana', account.Id, {
    ...f.inputs,
    ...saveAction.data,
    ...changes,
    ballWith: 'us',
  });
  return (await returnsStore(t.db).getReturn(period, account.Id))!.clientManHours;
}

// Each test syncs the org through jsforce and saves returns: on a busy 2-core machine that takes more than 30 s.
describe('Meetings as real orgs record them (clock at 4 Nov 2026, 10:00 UTC)', { timeout: 90_000 }, () => {
  it(
    'Rule 1: when the contact is only the WhoId (no Shared Activities), or the Whos are EventRelation ' +
      'parents and the rest invitees (Shared Activities), then each contact counts once per meeting',
    async () => {
      const period = addMonths(last, -1);
      // Without Shared Activities: the contact is Event.WhoId and has no EventRelation row.
      event(period, 3, { WhoId: contacts[0]!.Id, Subject: 'Who only' });
      // With Shared Activities: the WhoId is also a parent row (IsInvitee = false), another Who too, and an invitee;
      // the organiser has no row, an invited user has one (and a child copy of the event).
      const shared = event(period, 10, { WhoId: contacts[1]!.Id, Subject: 'Shared', DurationInMinutes: 120 });
      relation(shared, contacts[1]!.Id, { invitee: false, parent: true });
      relation(shared, contacts[2]!.Id, { invitee: false, parent: true });
      relation(shared, contacts[3]!.Id, { invitee: true, status: 'Accepted' });
      relation(shared, samId, { invitee: true, status: 'Accepted' });
      event(period, 10, {
        WhoId: contacts[1]!.Id,
        Subject: 'Shared',
        DurationInMinutes: 120,
        OwnerId: samId,
        IsChild: true,
      });
      const f = await form(period);
      expect(f.inputs.m0_clients).toBe('1');
      expect(f.inputs.m1_clients).toBe('3');
      expect(f.inputs.m2_clients).toBeUndefined();
      const prefill = await returnsStore(t.db).salesforceMeetings(
        account.Id,
        meetingWindow(period, me.timeZone ?? 'UTC'),
      );
      expect(prefill.map((m) => [m.subject, m.clientAttendees, m.ourAttendees])).toEqual([
        ['Who only', 1, 1],
        ['Shared', 3, 2],
      ]);
      // 1 x 1 h + 3 x 2 h
      expect(await save(period, f)).toBe(7);
    },
  );

  it(
    'Rule 2: when an invitee declined, a consultant of another company, a contact of another key account ' +
      'and a lead are there, then none of them counts and the form says why',
    async () => {
      const period = addMonths(last, -2);
      const e = event(period, 5, { WhoId: contacts[0]!.Id, Subject: 'Review' });
      relation(e, contacts[1]!.Id, { status: 'Accepted' });
      relation(e, contacts[2]!.Id, { status: 'Declined' });
      relation(e, consultant.Id, { status: 'Accepted' });
      relation(e, otherKeyContact.Id, { status: 'Accepted' });
      relation(e, lead.Id);
      // With Shared Activities a Who who declined is one row with IsParent and IsInvitee both true.
      const w = event(period, 12, { WhoId: contacts[3]!.Id, Subject: 'Declined Who' });
      relation(w, contacts[3]!.Id, { invitee: true, parent: true, status: 'Declined' });
      relation(w, contacts[4]!.Id, { invitee: false, parent: true });
      const f = await form(period);
      expect(f.inputs.m0_clients).toBe('2');
      expect(f.inputs.m1_clients).toBe('1');
      expect(f.text).toContain('1 contact declined, not counted');
      expect(f.text).toContain('2 contacts of another company, not counted');
      expect(f.text).toContain('1 lead, not counted');
      expect(await save(period, f)).toBe(3);
    },
  );

  it(
    'Rule 3: when invitees have child copies and series records stand beside their occurrences (Classic ' +
      'and Lightning), then only the occurrences count, once each',
    async () => {
      const period = addMonths(last, -3);
      const master = event(period, 2, {
        WhoId: contacts[0]!.Id,
        Subject: 'Classic series',
        IsRecurrence: true,
        RecurrenceStartDateTime: sfDateTime(at(period, 2)),
        RecurrenceEndDateOnly: at(period, 9).toISOString().slice(0, 10),
        RecurrenceType: 'RecursWeekly',
        RecurrenceInterval: 1,
      });
      for (const day of [2, 9])
        event(period, day, { WhoId: contacts[0]!.Id, Subject: 'Classic occurrence', RecurrenceActivityId: master.Id });
      event(period, 16, {
        WhoId: contacts[1]!.Id,
        Subject: 'Lightning series',
        GroupEventType: '3',
        IsRecurrence2: true,
        Recurrence2PatternText: 'RRULE:FREQ=WEEKLY;COUNT=2',
      });
      for (const day of [16, 23]) {
        const o = event(period, day, { WhoId: contacts[1]!.Id, Subject: 'Lightning occurrence', IsRecurrence2: true });
        relation(o, samId, { status: 'Accepted' });
        event(period, day, { WhoId: contacts[1]!.Id, Subject: 'Lightning occurrence', OwnerId: samId, IsChild: true });
      }
      const f = await form(period);
      const prefill = await returnsStore(t.db).salesforceMeetings(
        account.Id,
        meetingWindow(period, me.timeZone ?? 'UTC'),
      );
      expect(prefill.map((m) => m.subject)).toEqual([
        'Classic occurrence',
        'Classic occurrence',
        'Lightning occurrence',
        'Lightning occurrence',
      ]);
      expect(f.text).not.toContain('series');
      expect(await save(period, f)).toBe(4);
    },
  );

  it(
    'Rule 4: when a two-day workshop, an all-day visit and a 0-minute meeting are recorded, then all are ' +
      'in the prefill, hours follow the hours-a-day setting, and the account manager can correct them',
    async () => {
      const period = addMonths(last, -4);
      // 9:00 on the 3rd to 17:00 on the 4th: 32 hours in Salesforce.
      const workshop = event(period, 3, {
        Subject: 'Two-day workshop',
        DurationInMinutes: 32 * 60,
        WhoId: contacts[0]!.Id,
      });
      relation(workshop, contacts[0]!.Id, { invitee: false, parent: true });
      relation(workshop, contacts[1]!.Id, { invitee: false, parent: true });
      event(period, 8, {
        Subject: 'All-day visit',
        IsAllDayEvent: true,
        DurationInMinutes: 1440,
        StartDateTime: sfDateTime(at(period, 8, 0)),
        ActivityDate: at(period, 8, 0).toISOString().slice(0, 10),
        WhoId: contacts[2]!.Id,
      });
      event(period, 15, { Subject: 'Logged later', DurationInMinutes: 0, WhoId: contacts[3]!.Id });
      const f = await form(period);
      expect([f.inputs.m0_minutes, f.inputs.m1_minutes, f.inputs.m2_minutes]).toEqual(['960', '480', '0']);
      expect(f.text).toContain('2-day event: at most 8 h a day counted (32 h in Salesforce)');
      expect(f.text).toContain('all-day event: 1 day x 8 h counted');
      expect(f.text).toContain('no length in Salesforce: give the minutes');
      // 2 x 16 h + 1 x 8 h + 1 x 0 h
      expect(await save(period, f)).toBe(40);
      // The account manager corrects the 0-minute meeting to 45 minutes and the workshop to 12 hours in all.
      const again = await form(period);
      expect(await save(period, again, { m0_minutes: '720', m2_minutes: '45' })).toBe(32.8);
    },
  );

  it('Rule 4: when the organisation counts six working hours a day (MEETING_HOURS_PER_DAY=6), then a two-day workshop counts 12 h a person', async () => {
    const six = addMonths(last, -5);
    event(six, 8, { Subject: 'Two-day workshop', DurationInMinutes: 32 * 60, WhoId: contacts[0]!.Id });
    const f6 = await form(six, { ...DEFAULT_MEETING_RULES, hoursPerDay: 6 });
    expect(f6.inputs.m0_minutes).toBe('720');
    expect(await save(six, f6)).toBe(12);
  });

  it(
    'Rule 5: when a meeting has no Type, then by default it counts face to face and the form says so; ' +
      'with SF_BLANK_TYPE_FACE_TO_FACE=false it does not, and the account manager decides',
    async () => {
      const period = addMonths(last, -6);
      event(period, 4, { Subject: 'No type', Type: null, WhoId: contacts[0]!.Id });
      event(period, 6, { Subject: 'A call', Type: 'Video Call', WhoId: contacts[1]!.Id });
      const f = await form(period);
      expect([f.inputs.m0_f2f, f.inputs.m1_f2f]).toEqual(['true', 'false']);
      expect(f.text).toContain('no Type in Salesforce: counted as face to face; untick if it was a call');
      expect(await save(period, f)).toBe(1);
      const strict = addMonths(last, -7);
      event(strict, 4, { Subject: 'No type', Type: null, WhoId: contacts[0]!.Id });
      const g = await form(strict, { ...DEFAULT_MEETING_RULES, blankTypeFaceToFace: false });
      expect(g.inputs.m0_f2f).toBe('false');
      expect(g.text).toContain('no Type in Salesforce: counted as not face to face; tick if it was');
      expect(await save(strict, g)).toBe(0);
      // The account manager knows it was a visit and ticks it.
      expect(
        await save(strict, await form(strict, { ...DEFAULT_MEETING_RULES, blankTypeFaceToFace: false }), {
          m0_f2f: 'true',
        }),
      ).toBe(1);
    },
  );

  it(
    'Rule 6: where video calls are admitted (ADMIT_VIDEO_CALLS=true), then a video call counts and an e-mail or a ' +
      'phone call does not; a meeting its account manager unticks was held online and counts as one',
    async () => {
      const period = addMonths(last, -8);
      const teams = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0';
      event(period, 3, { Subject: 'Emailed the deck', Type: 'Email', WhoId: contacts[0]!.Id });
      event(period, 4, { Subject: 'Phone catch-up', Type: 'Call', Location: null, WhoId: contacts[1]!.Id });
      event(period, 5, { Subject: 'Teams review', Type: 'Call', Location: teams, WhoId: contacts[2]!.Id });
      event(period, 6, { Subject: 'Video', Type: 'Video Call', WhoId: contacts[3]!.Id });
      event(period, 7, { Subject: 'Visit', Type: 'Meeting', WhoId: contacts[4]!.Id });
      const f = await form(period);
      expect(f.text).toContain(
        'Type Email: neither face to face nor a video call, not counted; tick face to face if you met',
      );
      expect(f.text).toContain('Type Call: neither face to face nor a video call');
      f.deps.scoringSettings = { ...DEFAULT_SCORING_SETTINGS, admitVideoCalls: true };
      // One person an hour each: the Teams review, the video call and the visit count; the e-mail and the call do not.
      expect(await save(period, f)).toBe(3);
      // The visit was held online after all: still a meeting, now a video call, so it still counts.
      expect(await save(period, f, { m4_f2f: 'false' })).toBe(3);
      // Without admitted video calls, only a meeting face to face counts.
      f.deps.scoringSettings = DEFAULT_SCORING_SETTINGS;
      expect(await save(period, f)).toBe(1);
    },
  );
});
