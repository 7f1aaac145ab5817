import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDatabase, startTabApp } from '../support/start-tab-app.ts';
import { testClock } from '../support/test-clock.ts';
import { testDatabaseKinds } from '../support/test-database.ts';
import { addMonths, lastEndedPeriod, type Period } from '../../src/core/domain/period.ts';
import { buildScorecard, type ScorecardDeps } from '../../src/features/scorecards/build-scorecard.ts';
import { buildReviewPack } from '../../src/features/reports/build-review-pack.ts';
import { scorecardCard } from '../../src/features/cards/scorecard-card.ts';
import { postScorecards } from '../../src/features/scorecards/post-scorecards.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { BALL_WITH } from '../../src/core/domain/monthly-return.ts';
import { formatMoney } from '../../src/core/domain/money.ts';

/**
 * One number everywhere (DOMAIN.md: a number on a scorecard traces to its inputs): for every month of the demo
 * history (answered months, months with no return), the tab's account history, the internal review pack, the
 * month's scorecard card and the scorecard written back to Salesforce give the same client man-hours, verdict, people
 * met, levels reached, key activities, status and who has the ball; the last month's status and stake in one money format.
 */
let demo: Awaited<ReturnType<typeof openDemoDatabase>>;
let tab: Awaited<ReturnType<typeof startTabApp>>;
let northwind: string;
const clock = testClock();
const deps = (): ScorecardDeps => ({ db: demo.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now: clock.now });

/** The figures a surface shows for one month, as text, so every surface is compared on the same terms. */
interface Figures {
  hours: string;
  verdict: string;
  people: string;
  levels: string;
  keyActivities: string;
}

const hoursText = (h: number | null) => (h === null ? '–' : h.toFixed(1));

/** The tab's account history, from its HTTP API as the page reads it (the local preview, as Dana). */
async function tabFigures(): Promise<Map<Period, Figures>> {
  const res = await fetch(`${tab.url}/api/tab/accounts/${northwind}`, { headers: { 'x-pulse-preview-user': 'dana' } });
  expect(res.status).toBe(200);
  const view = (await res.json()) as {
    months: {
      period: Period;
      clientManHours: number | null;
      developing: boolean | null;
      peopleMet: number;
      levelsReached: number;
    }[];
    keyActivities: { period: Period; title: string }[];
  };
  const activities = (p: Period) => String(view.keyActivities.filter((a) => a.period === p).length);
  return new Map(
    view.months.map((m) => [
      m.period,
      {
        hours: hoursText(m.clientManHours),
        verdict: m.developing === null ? 'no data' : m.developing ? 'developing' : 'not developing',
        people: String(m.peopleMet),
        levels: String(m.levelsReached),
        keyActivities: activities(m.period),
      },
    ]),
  );
}

/** The internal review pack's month-by-month table (HTML), one row per month, with its status and ball cells. */
async function packFigures(from: Period, to: Period): Promise<Map<Period, Figures & { status: string; ball: string }>> {
  const { html } = await buildReviewPack(deps(), northwind, from, to, 'internal');
  const rows = [...html.matchAll(/<tr><td>([^<]+)<\/td>(.*?)<\/tr>/g)].map((m) =>
    [m[1]!, ...[...m[2]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]!)].map((c) => c.trim()),
  );
  const out = new Map<Period, Figures & { status: string; ball: string }>();
  for (let p = from, i = 0; p <= to; p = addMonths(p, 1), i++) {
    const [, hours, verdict, status, people, levels, keyActivities, ball] = rows[i]!;
    out.set(p, {
      hours: hours!,
      verdict: verdict!,
      people: people!,
      levels: String(levels === '–' ? 0 : levels!.split(', ').length),
      keyActivities: keyActivities!,
      status: status!.split(':')[0]!,
      ball: ball!,
    });
  }
  return out;
}

describe.each(testDatabaseKinds())(
  'One number everywhere on %s: the tab, the review pack, the card and Salesforce agree',
  (kind) => {
    beforeAll(async () => {
      demo = await openDemoDatabase({ kind, preview: true });
      northwind = await demo.accountId('Northwind Logistics');
      tab = await startTabApp(demo, {});
    }, 180_000);
    afterAll(async () => {
      await tab?.stop();
      await demo?.close();
    });

    it('When each demo month is read everywhere, then each shows one hours, verdict, people, levels, activities, status, ball', async () => {
      const to = lastEndedPeriod(clock.now());
      const from = addMonths(to, -11);
      const onTab = await tabFigures();
      const inPack = await packFigures(from, to);
      let answered = 0;
      let missing = 0;
      for (let p = from; p <= to; p = addMonths(p, 1)) {
        const card = (await buildScorecard(deps(), p, northwind))!;
        const scored: Figures = {
          hours: hoursText(card.hours.thisMonth),
          verdict: card.hours.verdict,
          people: String(card.breadth.people),
          levels: String(card.breadth.levels.length),
          keyActivities: String(card.keyActivities.length),
        };
        if (card.hours.thisMonth === null) missing++;
        else answered++;
        expect({ p, surface: 'tab', ...onTab.get(p) }).toEqual({ p, surface: 'tab', ...scored });
        const ball = card.ballWith ? BALL_WITH[card.ballWith] : '–';
        expect({ p, surface: 'pack', ...inPack.get(p) }).toEqual({
          p,
          surface: 'pack',
          ...scored,
          status: card.status,
          ball,
        });
        // The card a channel gets shows the same figures in its words.
        const text = JSON.stringify(scorecardCard(card).content);
        if (card.hours.thisMonth !== null) expect(text).toContain(`${scored.hours} h`);
        expect(text).toContain(`${scored.people} client ${scored.people === '1' ? 'person' : 'people'}`);
      }
      // The demo history has both kinds of month, so both were compared.
      expect(answered).toBeGreaterThan(3);
      expect(missing).toBeGreaterThan(0);
    });

    it("When the last month is read as leadership reads it, then the tab's portfolio, the pack and the card show one status and stake", async () => {
      const to = lastEndedPeriod(clock.now());
      const card = (await buildScorecard(deps(), to, northwind))!;
      const res = await fetch(`${tab.url}/api/tab/portfolio`, { headers: { 'x-pulse-preview-user': 'dana' } });
      expect(res.status).toBe(200);
      const { rows } = (await res.json()) as { rows: Record<string, unknown>[] };
      const row = rows.find((r) => r.accountId === northwind)!;
      expect(row).toMatchObject({
        status: card.status,
        clientHours: card.hours.thisMonth,
        clientHoursChange: card.hours.change,
        perceptionGap: card.ratings?.gaps[0]?.gap ?? null,
        revenueAtStake: card.stake.customerAssetValue,
        currency: card.stake.currency,
        overdueActions: card.actionPlan!.overdue,
        // The demo round: four of the six client members rated.
        responseRate: 66.7,
      });
      expect(card.responseRate).toMatchObject({ rated: 4, members: 6, percent: 66.7 });
      const account = (await (
        await fetch(`${tab.url}/api/tab/accounts/${northwind}`, { headers: { 'x-pulse-preview-user': 'dana' } })
      ).json()) as { ratingRounds: { responseRate: unknown }[] };
      expect(account.ratingRounds.at(-1)!.responseRate).toEqual(card.responseRate);
      // One money format with its currency on the pack and the card (the demo org is a GBP org).
      expect(card.stake.currency).toBe('GBP');
      const value = formatMoney(card.stake.customerAssetValue!, card.stake.currency);
      const pipeline = formatMoney(card.stake.openPipeline, card.stake.currency);
      const { html } = await buildReviewPack(deps(), northwind, to, to, 'internal');
      expect(html).toContain(`<td>Customer asset value</td><td>${value}</td>`);
      expect(html).toContain(`<td>Open pipeline</td><td>${pipeline}</td>`);
      expect(html).toContain('<td>Client response rate</td><td>4 of 6 client members rated (66.7%)');
      const text = JSON.stringify(scorecardCard(card).content);
      expect(text).toContain(`asset value ${value}; pipeline ${pipeline}`);
    });

    it("When the action plan is read, then the tab's account view and the card show the scorecard's measures", async () => {
      const to = lastEndedPeriod(clock.now());
      // The month still open: the demo plan as it stands today (one action done on time, one overdue).
      const card = (await buildScorecard(deps(), addMonths(to, 1), northwind))!;
      const plan = card.actionPlan!;
      expect(plan).toMatchObject({ open: 2, overdue: 1, closed: 1, closedOnTime: 1 });
      const res = await fetch(`${tab.url}/api/tab/accounts/${northwind}`, {
        headers: { 'x-pulse-preview-user': 'dana' },
      });
      const view = (await res.json()) as { actionPlan: { measures: unknown; actions: { overdue: boolean }[] } };
      expect(view.actionPlan.measures).toEqual(card.actionPlan);
      expect(view.actionPlan.actions.filter((a) => a.overdue)).toHaveLength(plan.overdue);
      const text = JSON.stringify(scorecardCard(card).content);
      expect(text).toContain(
        `${plan.open} open (${plan.overdue} overdue); priorities with an action ${plan.prioritiesWithAction} of ` +
          `${plan.priorities}; closed on time ${plan.closedOnTime} of ${plan.closed}`,
      );
      expect(text).toContain('1 action past the due date');
    });

    it('When the month closes, then the scorecard queued for Salesforce carries the same figures as the card', async () => {
      const period = lastEndedPeriod(clock.now());
      const card = (await buildScorecard(deps(), period, northwind))!;
      const { log } = captureLogs('silent');
      await postScorecards({ ...deps(), log }, period);
      const rows = await demo.db.query<{ payload: { fields?: Record<string, unknown> } & Record<string, unknown> }>(
        `SELECT payload FROM outbox WHERE payload::text LIKE '%People_Met__c%' AND payload::text LIKE $1`,
        [`%${northwind}%`],
      );
      expect(rows.length).toBe(1);
      const fields = JSON.stringify(rows[0]!.payload);
      expect(fields).toContain(`"People_Met__c":${card.breadth.people}`);
      expect(fields).toContain(`"Levels_Reached__c":${card.breadth.levels.length}`);
      expect(fields).toContain(`"Client_Man_Hours__c":${card.hours.thisMonth}`);
      expect(fields).toContain(`"Developing__c":${card.hours.verdict === 'developing'}`);
      expect(fields).toContain(`"Overdue_Actions__c":${card.actionPlan!.overdue}`);
      expect(fields).toContain(`"Priorities_With_Action__c":${card.actionPlan!.prioritiesWithAction}`);
      expect(fields).toContain(`"Response_Rate__c":${card.responseRate!.percent}`);
    });
  },
);
