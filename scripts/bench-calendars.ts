import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src/platform/log/logger.ts';
import { openDatabase } from '../src/adapters/store/open-database.ts';
import { migrate } from '../src/adapters/store/migrate.ts';
import { GraphStandIn } from '../src/stand-ins/graph/graph-stand-in.ts';
import { graphCalendar } from '../src/adapters/graph/graph-calendar.ts';
import { readCalendars } from '../src/features/calendar/read-calendars.ts';
import { DEFAULT_MEETING_RULES } from '../src/core/domain/count-meeting.ts';
import { clearBench, recordBench, row } from './bench/bench-results.ts';

/**
 * `npm run bench:calendars [-- 1000]`: reads N account managers' calendars (70 events each over the two months read:
 * 20 with a key account's contacts, the rest internal, online, private or cancelled) from the Graph stand-in on
 * loopback, through the Graph client library, into a fresh embedded database, as the sync does; then an incremental
 * round after one change per calendar. Reports Graph calls per manager-month against the floor (one page per 50
 * events; one call a calendar for a round with one change) and the time for N managers against a baseline measured in
 * the same run: the same pages fetched with plain `fetch`, nothing parsed or stored.
 */
const n = Number(process.argv[2] ?? 1000);
const EVENTS = 70;
const MONTHS = 2;
clearBench('calendars');
const log = createLogger('silent');
const now = () => new Date('2026-11-04T10:00:00Z');
const app = {
  tenantId: 'bench-tenant',
  clientId: 'bench-app',
  clientSecret: 'bench-secret',
  roles: ['Calendars.ReadBasic'],
};
const graph = await new GraphStandIn(app, () => now().getTime()).start();
const dataDir = mkdtempSync(join(tmpdir(), 'pulse-bench-calendars-'));
const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir }, log);
const pad = (i: number, w = 6) => String(i).padStart(w, '0');

try {
  await migrate(db);
  process.stderr.write(`Writing ${n} managers, ${2 * n} key accounts, ${16 * n} contacts, ${EVENTS * n} events...\n`);
  const users: unknown[][] = [];
  const accounts: unknown[][] = [];
  const contacts: unknown[][] = [];
  for (let i = 0; i < n; i++) {
    const am = `005BENCH${pad(i)}AAA`;
    const email = `am${i}@supplier.example`;
    users.push([am, `Manager ${i}`, email, 'Europe/London']);
    graph.calendars.addMailbox(`mbx-${i}`, email);
    for (const a of [0, 1]) {
      const account = `001BENCH${pad(i)}${a}AA`;
      accounts.push([account, `Client ${i}-${a}`, am]);
      for (let c = 0; c < 8; c++)
        contacts.push([`003BENCH${pad(i)}${a}${c}A`, account, `Person ${c}`, `p${c}@client${i}-${a}.example`]);
    }
    const me = { address: email, name: `Manager ${i}` };
    for (let e = 0; e < EVENTS; e++) {
      const day = 1 + (e % 55);
      const start = new Date(Date.UTC(2026, 9, 1) + day * 86_400_000 + (8 + (e % 9)) * 3_600_000);
      const client = e % 70 < 20;
      graph.calendars.addEvent(`mbx-${i}`, {
        subject: client ? `Client meeting ${e}` : `Internal ${e}`,
        start: start.toISOString(),
        end: new Date(start.getTime() + 3_600_000).toISOString(),
        organizer: me,
        attendees: client
          ? [
              { address: `p${e % 8}@client${i}-${e % 2}.example` },
              { address: `p${(e + 1) % 8}@client${i}-${e % 2}.example` },
            ]
          : [{ address: `colleague${e % 5}@supplier.example` }],
        location: e % 3 ? { displayName: 'Room 1', locationType: 'conferenceRoom' } : undefined,
        isOnlineMeeting: e % 3 === 0,
        sensitivity: e % 35 === 34 ? 'private' : 'normal',
        isCancelled: e % 35 === 33,
      });
    }
  }
  const insert = async (sql: string, rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000);
      const columns = chunk[0]!.map((_, k) => chunk.map((r) => r[k]));
      await db.query(sql, columns);
    }
  };
  await insert(
    `INSERT INTO sf_users (id, name, email, time_zone, is_active, modstamp)
     SELECT u.*, true, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) u`,
    users,
  );
  await insert(
    `INSERT INTO sf_accounts (id, name, owner_id, is_key, modstamp)
     SELECT a.*, true, now() FROM unnest($1::text[], $2::text[], $3::text[]) a`,
    accounts,
  );
  await insert(
    `INSERT INTO sf_contacts (id, account_id, name, email, modstamp)
     SELECT c.*, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) c`,
    contacts,
  );

  // Baseline: the same pages, fetched one manager after another with plain fetch; nothing parsed or stored.
  process.stderr.write('Baseline: the same pages with plain fetch...\n');
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: app.clientId,
    client_secret: app.clientSecret,
    scope: 'https://graph.microsoft.com/.default',
  });
  const { access_token: token } = (await (
    await fetch(`${graph.url}/${app.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: form })
  ).json()) as { access_token: string };
  const b0 = performance.now();
  for (let i = 0; i < n; i++) {
    let url: string | undefined =
      `${graph.url}/v1.0/users/mbx-${i}/calendarView/delta?startDateTime=2026-10-01T00:00:00.000Z&endDateTime=2026-12-01T00:00:00.000Z`;
    while (url) {
      const res = await fetch(url, {
        headers: { authorization: `Bearer ${token}`, prefer: 'outlook.timezone="Europe/London", odata.maxpagesize=50' },
      });
      const body = (await res.json()) as { '@odata.nextLink'?: string };
      url = body['@odata.nextLink'];
    }
  }
  const baselineMs = performance.now() - b0;

  const calendar = graphCalendar({ ...app, graphUrl: graph.url, loginUrl: graph.url }, { now });
  const deps = { db, calendar, log, now, rules: DEFAULT_MEETING_RULES, keepSubjects: true };
  process.stderr.write(`Reading ${n} calendars in full...\n`);
  const t0 = performance.now();
  const full = await readCalendars(deps, {
    onProgress: (p) => (p.done % 200 === 0 ? process.stderr.write(`  ${p.done}/${p.total}\n`) : undefined),
  });
  const fullMs = performance.now() - t0;
  if (full.read !== n)
    throw new Error(`read ${full.read} of ${n} calendars: ${JSON.stringify(full.failed.slice(0, 3))}`);
  const [kept] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM calendar_meetings');

  for (let i = 0; i < n; i++)
    graph.calendars.addEvent(`mbx-${i}`, {
      subject: 'Late addition',
      start: '2026-11-03T09:00:00Z',
      end: '2026-11-03T10:00:00Z',
      organizer: { address: `am${i}@supplier.example` },
      attendees: [{ address: `p0@client${i}-0.example` }],
      location: { displayName: 'Client office', locationType: 'businessAddress' },
    });
  process.stderr.write(`Reading ${n} calendars' changes (one each)...\n`);
  const t1 = performance.now();
  const delta = await readCalendars(deps);
  const deltaMs = performance.now() - t1;

  const floorFull = n * Math.ceil(EVENTS / 50);
  const rows = [
    row({
      bench: 'calendars',
      measure: `Graph calls per manager-month, first read`,
      value: full.graphCalls / (n * MONTHS),
      unit: 'calls',
      baseline: { label: 'floor: a page per 50 events', value: floorFull / (n * MONTHS) },
      goal: [{ of: 'ratio', op: '<=', bound: 1 }],
      note: `${full.graphCalls} calls, ${kept?.count} client meetings kept of ${EVENTS * n} events`,
    }),
    row({
      bench: 'calendars',
      measure: 'Graph calls per manager, a round with one change',
      value: delta.graphCalls / n,
      unit: 'calls',
      baseline: { label: 'floor: one call', value: 1 },
      goal: [{ of: 'ratio', op: '<=', bound: 1 }],
    }),
    row({
      bench: 'calendars',
      measure: `seconds to read ${n} managers' calendars, first read`,
      value: fullMs / 1000,
      unit: 's',
      baseline: { label: 'the same pages, plain fetch', value: baselineMs / 1000 },
      // Parsing, classifying and storing cost about twice the fetching (measured at 100 and 1,000 managers).
      goal: [{ of: 'ratio', op: '<=', bound: 4 }],
      note: `${((fullMs / n) | 0).toString()} ms a manager`,
    }),
    row({
      bench: 'calendars',
      measure: `seconds to read ${n} managers' changes`,
      value: deltaMs / 1000,
      unit: 's',
      baseline: null,
    }),
  ];
  console.table(rows.map((r) => ({ measure: r.measure, value: r.value, baseline: r.baseline?.value, ratio: r.ratio })));
  recordBench('calendars', rows);
  if (rows.some((r) => r.met === false)) process.exitCode = 1;
} finally {
  await graph.stop();
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
}
