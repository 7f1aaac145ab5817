/**
 * The demo's calendars, as `npm start` reads them with the demo Salesforce org: the demo managers' mailboxes in a Graph
 * stand-in started in the process, read through the same adapter and token flow as a real tenant's.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { testClock } from '../support/test-clock.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { forgetCalendarsIfOff, openCalendars } from '../../src/app/open-calendars.ts';
import { readCalendars } from '../../src/features/calendar/read-calendars.ts';
import { DEFAULT_MEETING_RULES } from '../../src/core/domain/count-meeting.ts';
import { DEMO_MAILBOXES } from '../../src/stand-ins/graph/demo-calendars.ts';
import { calendarPrefill } from '../../src/features/cycle/calendar-prefill.ts';
import { meetingWindow } from '../../src/core/domain/local-time.ts';
import type { Period } from '../../src/core/domain/period.ts';
import { personalDataStore } from '../../src/adapters/store/personal-data-store.ts';
import { usersStore } from '../../src/adapters/store/users-store.ts';

const clock = testClock();
const logs = captureLogs();
let s: Awaited<ReturnType<typeof startSalesforce>>;
let t: TestDatabase;

beforeAll(async () => {
  s = await startSalesforce();
  t = await openTestDatabase();
  await runSync({ db: t.db, crm: await s.connect(logs.log), settings: s.settings.jwt, log: logs.log, now: clock.now });
});
afterAll(async () => {
  await s?.sf.stop();
  await t?.close();
});

describe('The demo calendars (clock at 4 Nov 2026)', { timeout: 60_000 }, () => {
  it('Name the Agents Playground users by their own Entra object ids', () => {
    const yml = readFileSync(new URL('../../.m365agentsplayground.yml', import.meta.url), 'utf8');
    for (const [email, id] of Object.entries(DEMO_MAILBOXES))
      expect(yml).toMatch(new RegExp(`userPrincipleName: ${email}\\s+aadObjectId: ${id}`));
  });

  it('When read like a tenant, then each manager has a lunch Salesforce lacks, and Dana the rest of the shapes', async () => {
    const opened = (await openCalendars({ source: 'demo', keepSubjects: true }, logs.log, clock.now))!;
    try {
      const summary = await readCalendars({
        db: t.db,
        calendar: opened.calendar,
        log: logs.log,
        now: clock.now,
        rules: DEFAULT_MEETING_RULES,
        keepSubjects: opened.keepSubjects,
      });
      expect(summary).toMatchObject({ managers: 4, read: 4, failed: [], noMailbox: 0 });
      // One page a manager: the floor (one page per 50 events).
      expect(summary.graphCalls).toBe(4);
      const accounts = await t.db.query<{ id: string; owner_id: string; name: string }>(
        'SELECT id, owner_id, name FROM sf_accounts WHERE is_key ORDER BY id',
      );
      const northwind = accounts.find((a) => a.name === 'Northwind Logistics')!;
      const october = meetingWindow('2026-10' as Period, 'Europe/London');
      // Northwind keeps the seed example's figures: only a video call, and the calendar's copy of its QBR.
      const { rows, confirmed } = await calendarPrefill(t.db, northwind.id, northwind.owner_id, october, undefined);
      expect(rows.map((r) => [r.subject, r.faceToFace, r.notes])).toEqual([
        ['Forecast call', false, ['an online meeting: a video call, not face to face']],
      ]);
      expect(confirmed.size).toBe(1);
      // Dana's last account: the lunch and the walk-through.
      const lastOfDana = accounts.filter((a) => a.owner_id === northwind.owner_id).at(-1)!;
      const other = await calendarPrefill(t.db, lastOfDana.id, northwind.owner_id, october, undefined);
      expect(other.rows.map((r) => r.subject)).toEqual([
        expect.stringMatching(/^Lunch with /),
        'Warehouse walk-through',
      ]);
      expect(other.rows[0]!.notes!.join()).toContain('not in Salesforce, not counted: j.doe@');
      expect(other.rows[1]!.notes).toContain('1 contact declined, not counted');
      expect(JSON.stringify(rows)).not.toContain('Personal appointment');
    } finally {
      await opened.close();
    }
  });

  it('When Dana asks for her data, then her calendar meetings are in the export, and erasure deletes them', async () => {
    const dana = DEMO_MAILBOXES['dana.whitfield@pulse-demo.example']!;
    await usersStore(t.db).upsert({
      id: '29:dana',
      aadObjectId: dana,
      tenantId: '7d1e0a2c-4b6f-4e3a-9c85-0f2b6d9a1e10',
      name: 'Dana Whitfield',
      email: 'dana.whitfield@pulse-demo.example',
      upn: 'dana.whitfield@pulse-demo.example',
    });
    const before = await personalDataStore(t.db).export(dana);
    expect(before.calendarMeetings.rows.length).toBeGreaterThanOrEqual(4);
    expect(before.calendarReads.rows).toHaveLength(1);
    expect(JSON.stringify(before.calendarReads.rows)).not.toContain('deltatoken');
    const erased = await personalDataStore(t.db).erase(dana);
    expect(erased.calendarMeetings).toBe(before.calendarMeetings.rows.length);
    const after = await t.db.query(
      'SELECT 1 FROM calendar_meetings m JOIN sf_users u ON u.id = m.am_user_id WHERE u.email = $1',
      ['dana.whitfield@pulse-demo.example'],
    );
    expect(after).toEqual([]);
  });

  it('When a manager owns no key account any more, the next read forgets their calendar; with calendars off, all goes', async () => {
    const opened = (await openCalendars({ source: 'demo', keepSubjects: true }, logs.log, clock.now))!;
    const read = () =>
      readCalendars({
        db: t.db,
        calendar: opened.calendar,
        log: logs.log,
        now: clock.now,
        rules: DEFAULT_MEETING_RULES,
        keepSubjects: true,
      });
    const heldBy = async () =>
      (
        await t.db.query<{ email: string }>(
          `SELECT DISTINCT u.email FROM calendar_meetings m JOIN sf_users u ON u.id = m.am_user_id
            UNION SELECT u.email FROM calendar_reads r JOIN sf_users u ON u.id = r.am_user_id ORDER BY 1`,
        )
      ).map((r) => r.email);
    try {
      await read();
      const [leaving, taking] = await heldBy();
      // Salesforce moves every key account of one manager to another (the next sync brings the new owner in).
      await t.db.query(
        'UPDATE sf_accounts SET owner_id = (SELECT id FROM sf_users WHERE email = $2) WHERE owner_id = (SELECT id FROM sf_users WHERE email = $1)',
        [leaving, taking],
      );
      await read();
      expect(await heldBy()).not.toContain(leaving);
      expect(await heldBy()).toContain(taking);
      await forgetCalendarsIfOff({ calendars: { source: 'demo', keepSubjects: true } }, t.db, logs.log);
      expect((await heldBy()).length).toBeGreaterThan(0);
      await forgetCalendarsIfOff({ calendars: { source: 'off' } }, t.db, logs.log);
      expect(await heldBy()).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
