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
import { openCalendars } from '../../src/app/open-calendars.ts';
import { readCalendars } from '../../src/features/calendar/read-calendars.ts';
import { DEFAULT_MEETING_RULES } from '../../src/core/domain/count-meeting.ts';
import { DEMO_MAILBOXES } from '../../src/stand-ins/graph/demo-calendars.ts';
import { calendarPrefill } from '../../src/features/cycle/calendar-prefill.ts';
import { meetingWindow } from '../../src/core/domain/local-time.ts';
import type { Period } from '../../src/core/domain/period.ts';

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
      const [northwind] = await t.db.query<{ id: string; owner_id: string }>(
        "SELECT id, owner_id FROM sf_accounts WHERE name = 'Northwind Logistics'",
      );
      const october = meetingWindow('2026-10' as Period, 'Europe/London');
      const { rows, confirmed } = await calendarPrefill(t.db, northwind!.id, northwind!.owner_id, october);
      expect(rows.map((r) => r.subject)).toEqual([
        expect.stringMatching(/^Lunch with /),
        'Forecast call',
        'Warehouse walk-through',
      ]);
      expect(rows[2]!.notes).toContain('1 contact declined, not counted');
      expect(confirmed.size).toBe(1);
      expect(JSON.stringify(rows)).not.toContain('Personal appointment');
    } finally {
      await opened.close();
    }
  });
});
