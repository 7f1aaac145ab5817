import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDatabase, startTabApp } from '../support/start-tab-app.ts';
import { countStatements } from '../support/count-statements.ts';
import { testClock } from '../support/test-clock.ts';
import { addMonths, lastEndedPeriod } from '../../src/core/domain/period.ts';
import { buildScorecard, buildScorecards } from '../../src/features/scorecards/build-scorecard.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';

// The account view reads twelve months of scorecards and the rating rounds: its cost in statements is fixed, whatever
// the account's history (issue 28: "a fixed number of queries, whatever the history"), and each month is the same
// scorecard `buildScorecard` gives alone (one definition, computed once).
let demo: Awaited<ReturnType<typeof openDemoDatabase>>;
let counted: ReturnType<typeof countStatements>;
let tab: Awaited<ReturnType<typeof startTabApp>>;
const clock = testClock();

beforeAll(async () => {
  demo = await openDemoDatabase({ preview: true });
  counted = countStatements(demo.db);
  tab = await startTabApp({ ...demo, db: counted.db }, {});
}, 180_000);
afterAll(async () => {
  await tab?.stop();
  await demo?.close();
});

/** The statements one account view costs, as Dana opens it in the local preview. */
async function statementsOf(accountId: string): Promise<number> {
  const before = counted.statements.length;
  const res = await fetch(`${tab.url}/api/tab/accounts/${accountId}`, { headers: { 'X-Pulse-Preview-User': 'dana' } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { months: unknown[] };
  expect(body.months).toHaveLength(12);
  return counted.statements.length - before;
}

/** Adds a closed round to the account, a copy of its finished one closed `monthsLater` months after it. */
async function copyRound(accountId: string, monthsLater: number): Promise<void> {
  const [round] = await demo.db.query<{ id: string }>(
    'SELECT id FROM rating_rounds WHERE account_id = $1 AND closed_at IS NOT NULL ORDER BY closed_at LIMIT 1',
    [accountId],
  );
  const copy = `${round!.id}-copy-${monthsLater}`;
  const shift = `${monthsLater} months`;
  await demo.db.query(
    `INSERT INTO rating_rounds (id, account_id, opened_by, opened_at, closes_at, closed_at)
     SELECT $2, account_id, opened_by, opened_at - $3::interval, closes_at - $3::interval, closed_at - $3::interval
       FROM rating_rounds WHERE id = $1`,
    [round!.id, copy, shift],
  );
  await demo.db.query(
    `INSERT INTO rating_responses (round_id, rater_key, side, saved_at)
     SELECT $2, rater_key, side, saved_at - $3::interval FROM rating_responses WHERE round_id = $1`,
    [round!.id, copy, shift],
  );
  await demo.db.query(
    `INSERT INTO rating_answers (round_id, rater_key, element_id, performance, importance)
     SELECT $2, rater_key, element_id, greatest(performance - 1, 1), importance FROM rating_answers WHERE round_id = $1`,
    [round!.id, copy],
  );
}

describe('The account view in a fixed number of statements', () => {
  it('When accounts with one, three and no rating rounds are opened, then each costs the same few statements', async () => {
    const northwind = await demo.accountId('Northwind Logistics');
    const [quiet] = await demo.db.query<{ id: string }>(
      `SELECT a.id FROM sf_accounts a JOIN sf_users u ON u.id = a.owner_id
        WHERE a.is_key AND u.email = 'dana.whitfield@pulse-demo.example'
          AND NOT EXISTS (SELECT 1 FROM rating_rounds r WHERE r.account_id = a.id) LIMIT 1`,
    );
    expect(quiet, 'the demo gives Dana a key account without rating rounds').toBeDefined();
    const rich = await statementsOf(northwind);
    await copyRound(northwind, 4);
    await copyRound(northwind, 7);
    const richer = await statementsOf(northwind);
    const noRounds = await statementsOf(quiet!.id);
    expect({ richer, noRounds }).toEqual({ richer: rich, noRounds: rich });
    // 17 before the action loop, which reads the plan (its actions, and their and the irritants' histories for the
    // months' measures) and the agreed targets (for the months and for the rounds).
    expect(rich).toBeLessThanOrEqual(22);
  });

  it('When a year of scorecards is built at once, then each month is the scorecard built alone', async () => {
    const northwind = await demo.accountId('Northwind Logistics');
    // More rounds than a scorecard looks back over (8), closing before and all through the year.
    for (const monthsEarlier of [1, 2, 3, 5, 6, 8, 9, 10, 11, 13, 16, 20]) await copyRound(northwind, monthsEarlier);
    const to = lastEndedPeriod(clock.now());
    const from = addMonths(to, -11);
    // A return saved before people met were stored at the save: its people are counted from the meetings it kept.
    const [legacy] = await demo.db.query<{ period: string }>(
      `UPDATE monthly_returns SET people_met = NULL WHERE account_id = $1 AND status = 'submitted'
          AND period = (SELECT min(period) FROM monthly_returns WHERE account_id = $1 AND status = 'submitted' AND period >= $2)
        RETURNING period`,
      [northwind, from],
    );
    expect(legacy, 'the demo history has a submitted return in the year').toBeDefined();
    const deps = { db: demo.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now: clock.now };
    const year = (await buildScorecards(deps, northwind, from, to))!;
    expect(year.map((c) => c.period)).toEqual(Array.from({ length: 12 }, (_, i) => addMonths(from, i)));
    // Months on either side of each round's close, so the ratings a month shows change within the year.
    expect(new Set(year.map((c) => c.ratings?.round?.closedOn ?? null)).size).toBeGreaterThan(1);
    for (const card of year) expect(card).toEqual(await buildScorecard(deps, card.period, northwind));
  });
});
