import { cyclePeriodsStore } from '../../src/adapters/store/cycle-periods-store.ts';
import { testClock } from '../support/test-clock.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { rememberDemoUser } from '../support/demo-people.ts';
import { countStatements } from '../support/count-statements.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { inputValues } from '../support/card-client.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { peopleStore } from '../../src/adapters/store/people-store.ts';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { formCard, saveReturn, type CheckinDeps } from '../../src/features/cycle/checkin.ts';
import { addMonths, lastEndedPeriod } from '../../src/core/domain/period.ts';
import { buildReviewPack } from '../../src/features/reports/build-review-pack.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';

/** The instant this file runs at: PINNED_AT (4 November 2026, 10:00 UTC). */
const pinned = testClock().now;

let sf: Awaited<ReturnType<typeof startSalesforce>>;
let t: TestDatabase;
const { log } = captureLogs();

// A database and demo org of their own for each test; Dana known to the bot.
beforeEach(async () => {
  sf = await startSalesforce();
  t = await openTestDatabase();
  await runSync({ db: t.db, crm: await sf.connect(log), settings: sf.settings.jwt, log, now: pinned });
  await rememberDemoUser(t.db, 'dana', { id: '29:dana', aadObjectId: 'oid-dana', tenantId: 'tenant' });
});
afterEach(async () => {
  await sf.sf.stop();
  await t.close();
});

/**
 * Dana confirms Northwind's prefilled meetings five months running, up to the last ended month: stage 3 in the first,
 * the joint plan signed in the third. What each save said, the form's assessment, and the statements of each save.
 */
async function confirmFiveMonths() {
  const counted = countStatements(t.db);
  const deps: CheckinDeps = { db: counted.db, log, scoringSettings: DEFAULT_SCORING_SETTINGS, now: pinned };
  const me = (await peopleStore(t.db).byTeamsUser('29:dana'))!;
  const northwind = (
    await t.db.query<{ id: string }>(`SELECT id FROM sf_accounts WHERE name = 'Northwind Logistics'`)
  )[0]!.id;
  const last = lastEndedPeriod(pinned());
  const texts: string[] = [];
  const assessed: Record<string, string>[] = [];
  const statementsPerSave: number[] = [];
  for (let back = 4; back >= 0; back--) {
    const period = addMonths(last, -back);
    await cyclePeriodsStore(t.db).openPeriod(period);
    const form = (await formCard(deps, period, me, northwind)).content;
    const inputs = inputValues(form);
    assessed.push({ stage: inputs.stage!, jointPlan: inputs.jointPlan!, sharedMeasures: inputs.sharedMeasures! });
    // Month 1 she assesses stage 3; in month 3 the joint plan is signed; the rest is carried over from last month.
    const answers = back === 4 ? { stage: '3' } : back === 2 ? { stage: '4', jointPlan: 'true' } : {};
    counted.statements.length = 0;
    const saved = (
      await saveReturn(deps, period, '29:dana', northwind, {
        ...inputs,
        ...answers,
        period,
        accountId: northwind,
        eventIds: String((form as { actions: { data: { eventIds: string } }[] }).actions[0]!.data.eventIds),
        ballWith: 'us',
      })
    ).content;
    statementsPerSave.push(counted.statements.length);
    texts.push(JSON.stringify(saved).match(/"text":"[A-Z][a-z]+ \d{4}: ([^"]*)"/)![1]!);
  }
  return { texts, assessed, statementsPerSave, northwind, last };
}

describe('The seed example through the check-in (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it(
    "When Dana confirms Northwind's prefilled meetings five months running (0.5, 1, 2, 6, 8 client " +
      'man-hours), then every month after the first says developing',
    async () => {
      const { texts, assessed, statementsPerSave, northwind, last } = await confirmFiveMonths();
      // ARCHITECTURE.md says a save takes two statements (who is asking with its context and the meetings, then the
      // save with its people met and its writes).
      expect(statementsPerSave, 'statements of each save').toEqual([2, 2, 2, 2, 2]);
      const hours = await Promise.all(
        [4, 3, 2, 1, 0].map(
          async (b) => (await returnsStore(t.db).getReturn(addMonths(last, -b), northwind))!.clientManHours,
        ),
      );
      expect(hours).toEqual([0.5, 1, 2, 6, 8]);
      expect(assessed).toEqual([
        { stage: '', jointPlan: 'false', sharedMeasures: 'false' },
        { stage: '3', jointPlan: 'false', sharedMeasures: 'false' },
        { stage: '3', jointPlan: 'false', sharedMeasures: 'false' },
        { stage: '4', jointPlan: 'true', sharedMeasures: 'false' },
        { stage: '4', jointPlan: 'true', sharedMeasures: 'false' },
      ]);
      expect(await returnsStore(t.db).getReturn(last, northwind)).toMatchObject({
        stage: 4,
        jointPlan: true,
        sharedMeasures: false,
      });
      expect(texts).toEqual([
        '0.5 h, no return for last month to compare: no data',
        '1.0 h, up from 0.5: developing',
        '2.0 h, up from 1.0: developing',
        '6.0 h, up from 2.0: developing',
        '8.0 h, up from 6.0: developing',
      ]);
    },
  );
});

describe('The review pack (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it(
    'When the five months are reported, then the joint page has the chart, the table with every month ' +
      'and nothing internal-only, the internal one adds status and stake, and both escape what Salesforce ' +
      'named',
    async () => {
      await confirmFiveMonths();
      const northwind = (
        await t.db.query<{ id: string }>(`SELECT id FROM sf_accounts WHERE name = 'Northwind Logistics'`)
      )[0]!.id;
      await t.db.query(`UPDATE sf_accounts SET name = 'Northwind <Logistics> & Co' WHERE id = $1`, [northwind]);
      const last = lastEndedPeriod(pinned());
      const pack = await buildReviewPack(
        { db: t.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now: pinned },
        northwind,
        addMonths(last, -5),
        last,
      );
      expect(pack.html).toContain('<h1>Northwind &lt;Logistics&gt; &amp; Co</h1>');
      expect(pack.html).toContain('<svg role="img"');
      for (const h of ['0.5', '1.0', '2.0', '6.0', '8.0']) expect(pack.html).toContain(`<td>${h}</td>`);
      expect(pack.html.match(/<tr><td>/g)!.length).toBeGreaterThanOrEqual(6);
      // The joint pack goes to the client's senior team too: nothing internal-only is in it.
      const revenue = (
        await t.db.query<{ annual_revenue: string }>('SELECT annual_revenue FROM sf_accounts WHERE id = $1', [
          northwind,
        ])
      )[0]!.annual_revenue;
      expect(pack.audience).toBe('joint');
      for (const secret of [
        'Status',
        'Risks',
        'asset value',
        'Customer asset value',
        'pipeline',
        'revenue',
        'at risk',
        'stalled',
        'Price pressure',
        new Intl.NumberFormat('en-GB').format(Number(revenue)),
      ]) {
        expect(pack.html.toLowerCase()).not.toContain(secret.toLowerCase());
      }
      const internal = await buildReviewPack(
        { db: t.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now: pinned },
        northwind,
        addMonths(last, -5),
        last,
        'internal',
      );
      expect(internal.html).toContain('Internal review pack (not for the client');
      expect(internal.html).toMatch(/<td>Customer asset value<\/td><td>GBP [\d,]+<\/td>/);
      expect(internal.html).toContain('<th>Status</th>');
      await expect(
        buildReviewPack(
          { db: t.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now: pinned },
          northwind,
          last,
          addMonths(last, -1),
        ),
      ).rejects.toThrow('--to must not be before --from');
      await expect(
        buildReviewPack(
          { db: t.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now: pinned },
          '001000000000ZZZAAA',
          last,
          last,
        ),
      ).rejects.toThrow('is not a key account');
    },
  );
});
