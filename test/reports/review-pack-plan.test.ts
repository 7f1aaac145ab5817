/**
 * The review pack gains the plan (issue 27, item 6): for both senior teams, the joint actions by side (nobody named,
 * nothing marked late) and the performance per element then and now against the agreed target; for the account team,
 * every action with its owner and the plan's measures. A quarter is a pack of three months.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDatabase } from '../support/start-tab-app.ts';
import { testClock } from '../support/test-clock.ts';
import { addMonths, lastEndedPeriod } from '../../src/core/domain/period.ts';
import { buildReviewPack } from '../../src/features/reports/build-review-pack.ts';
import { buildScorecard, type ScorecardDeps } from '../../src/features/scorecards/build-scorecard.ts';
import { actionMeasuresText } from '../../src/core/scoring/action-measures.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';

let demo: Awaited<ReturnType<typeof openDemoDatabase>>;
const clock = testClock();
const deps = (): ScorecardDeps => ({ db: demo.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now: clock.now });

beforeAll(async () => {
  demo = await openDemoDatabase({ preview: true });
}, 180_000);
afterAll(() => demo?.close());

describe('The plan in the review pack (the demo round and its plan)', () => {
  const to = lastEndedPeriod(clock.now());
  const from = addMonths(to, -2);

  it('When the joint quarterly pack is built, then it shows the joint actions by side, and nothing internal or late', async () => {
    const { html } = await buildReviewPack(deps(), 'Northwind Logistics', from, to, 'joint');
    expect(html).toContain('<h2>Our joint action plan</h2>');
    expect(html).toMatch(
      /<td>Answer every new ticket within four working hours<\/td><td>Responsiveness<\/td><td>us<\/td>/,
    );
    expect(html).toMatch(/<td>Share the quarterly volume forecast<\/td><td>Responsiveness<\/td><td>you<\/td>/);
    for (const internal of ['Brief the new support lead', 'Dana', 'Avery', 'overdue', 'internal'])
      expect(html).not.toContain(internal);
    expect(html).toContain('<th>Performance then</th><th>Performance now</th><th>Target</th>');
  });

  it("When the internal pack is built, then it names owners, marks internal actions and gives the scorecard's measures", async () => {
    const { html } = await buildReviewPack(deps(), 'Northwind Logistics', from, to, 'internal');
    expect(html).toMatch(
      /<td>Brief the new support lead on Northwind<\/td><td>–<\/td><td>Dana Whitfield \(ours\)<\/td>/,
    );
    expect(html).toContain(', internal</td>');
    const last = (await buildScorecard(deps(), to, await demo.accountId('Northwind Logistics')))!;
    expect(html).toContain(`<p>${actionMeasuresText(last.actionPlan)}.</p>`);
  });
});
