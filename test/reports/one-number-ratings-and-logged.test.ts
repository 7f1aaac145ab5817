import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDatabase, startTabApp } from '../support/start-tab-app.ts';
import { testClock } from '../support/test-clock.ts';
import { testDatabaseKinds } from '../support/test-database.ts';
import { lastEndedPeriod } from '../../src/core/domain/period.ts';
import { calendarZone, meetingWindow } from '../../src/core/domain/local-time.ts';
import { clientManHours, ourManHours } from '../../src/core/domain/man-hours.ts';
import { buildScorecard, type ScorecardDeps } from '../../src/features/scorecards/build-scorecard.ts';
import { buildReviewPack } from '../../src/features/reports/build-review-pack.ts';
import { scorecardCard } from '../../src/features/cards/scorecard-card.ts';
import { jointScorecardCard } from '../../src/features/cards/rating-cards.ts';
import { clientSafe } from '../../src/core/scoring/scorecard.ts';
import { DEFAULT_SCORING_SETTINGS, minRatersOf } from '../../src/core/scoring/settings.ts';
import { DEFAULT_ELEMENTS } from '../../src/core/scoring/round-results.ts';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { ratingsStore } from '../../src/adapters/store/ratings-store.ts';
import { seedDemoRound } from '../../src/app/demo/seed-demo-round.ts';
import { keptEventIds } from '../../src/core/domain/monthly-return.ts';
import { salesforceAsSaved } from '../../src/core/domain/salesforce-changes.ts';

/**
 * One number everywhere, for the months the demo history lacks (issue 22): a month whose return drops one of
 * Salesforce's meetings and adds one Salesforce lacks, and a rating round below MIN_RATERS after one above it. The
 * tab, the internal and joint review packs, the internal and joint cards give the same figures, and the round with
 * too few client raters erases nothing and is named where the figures come from.
 */
let demo: Awaited<ReturnType<typeof openDemoDatabase>>;
let tab: Awaited<ReturnType<typeof startTabApp>>;
let northwind: string;
const clock = testClock();
const deps = (): ScorecardDeps => ({ db: demo.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now: clock.now });
const day = 24 * 3600_000;
const month = lastEndedPeriod(clock.now());
let submitted: { hours: number; people: number };

/** Northwind's last month answered: the first of Salesforce's meetings dropped (the others kept), one it lacks logged. */
async function answerWithDroppedAndLogged(): Promise<void> {
  const [owner] = await demo.db.query<{ owner_id: string; time_zone: string | null }>(
    'SELECT a.owner_id, u.time_zone FROM sf_accounts a LEFT JOIN sf_users u ON u.id = a.owner_id WHERE a.id = $1',
    [northwind],
  );
  const returns = returnsStore(demo.db);
  const window = meetingWindow(month, calendarZone(owner!.time_zone, 'UTC'));
  const fromSalesforce = await returns.salesforceMeetings(northwind, window);
  expect(fromSalesforce.length).toBeGreaterThan(0);
  const [dropped, ...kept] = fromSalesforce;
  const logged = {
    sfEventId: null,
    date: `${month}-20`,
    subject: 'Site visit Salesforce lacks',
    minutes: 90,
    clientAttendees: 2,
    ourAttendees: 1,
    faceToFace: true,
    clientNames: ['Ops lead', 'Warehouse manager'],
  };
  const meetings = [...kept, logged];
  const hours = { client: clientManHours(meetings, false), ours: ourManHours(meetings, false) };
  const answers = {
    meetings,
    noMeetings: false,
    keyActivities: [{ title: 'Site visit', type: 'milestone' as const, date: `${month}-20` }],
    ballWith: 'client' as const,
    riskFlags: [],
    nextStep: null,
    stage: 3 as const,
    jointPlan: false,
    sharedMeasures: false,
  };
  const { changed } = await returns.submit(month, northwind, owner!.owner_id, answers, hours, 'dana', clock.now(), {
    peopleMet: { window: window, keptEventIds: keptEventIds(meetings) },
    salesforce: salesforceAsSaved(meetings),
  });
  expect(changed).toBe(true);
  // The contacts met are those Salesforce named in the meetings kept; a logged meeting's free-text names are not contacts.
  expect(dropped!.clientNames.length).toBeGreaterThan(0);
  submitted = { hours: hours.client, people: new Set(kept.flatMap((m) => m.clientNames)).size };
}

/** A later round with one client rater and one internal one, closed a few days before the clock. */
async function closeRoundWithTooFew(): Promise<void> {
  const store = ratingsStore(demo.db);
  const now = clock.now().getTime();
  const round = (await store.openRound(northwind, 'test', new Date(now - 20 * day), new Date(now - 5 * day)))!;
  const elements = await store.activeElements(northwind, DEFAULT_ELEMENTS);
  const all = (performance: number) => elements.map((e) => ({ elementId: e.id, performance, importance: 5 }));
  const none = { comment: null, commentElementId: null };
  expect(await store.saveResponse(round.id, 'lone-client', { side: 'client', ...none, answers: all(5) })).toBe(true);
  expect(await store.saveResponse(round.id, 'lone-internal', { side: 'internal', ...none, answers: all(1) })).toBe(
    true,
  );
  expect(await store.closeRound(round.id, new Date(now - 5 * day))).toBe(true);
}

describe.each(testDatabaseKinds())('One number everywhere on %s: logged meetings and thin rounds', (kind) => {
  beforeAll(async () => {
    demo = await openDemoDatabase({ kind });
    northwind = await demo.accountId('Northwind Logistics');
    await answerWithDroppedAndLogged();
    expect(await seedDemoRound(demo.db, clock.now())).toBe(true);
    await closeRoundWithTooFew();
    tab = await startTabApp(demo, {});
  }, 180_000);
  afterAll(async () => {
    await tab?.stop();
    await demo?.close();
  });

  it('When a return drops a Salesforce meeting and logs one Salesforce lacks, then every surface shows its figures', async () => {
    const card = (await buildScorecard(deps(), month, northwind))!;
    expect(card.hours.thisMonth).toBe(submitted.hours);
    expect(card.breadth.people).toBe(submitted.people);
    const allPeople = submitted.people;

    const res = await fetch(`${tab.url}/api/tab/accounts/${northwind}`, {
      headers: { 'x-pulse-preview-user': 'dana' },
    });
    const view = (await res.json()) as {
      months: { period: string; clientManHours: number; peopleMet: number; levelsReached: number }[];
      keyActivities: { period: string; title: string }[];
      ballWith: string;
    };
    expect(view.months.at(-1)).toMatchObject({
      period: month,
      clientManHours: card.hours.thisMonth,
      peopleMet: card.breadth.people,
      levelsReached: card.breadth.levels.length,
    });
    expect(view.keyActivities.filter((a) => a.period === month).map((a) => a.title)).toEqual(['Site visit']);
    expect(view.ballWith).toBe('client');

    const { html } = await buildReviewPack(deps(), northwind, month, month, 'internal');
    const hours = card.hours.thisMonth!.toFixed(1);
    expect(html).toMatch(
      new RegExp(`<tr><td>[^<]+</td><td>${hours}</td><td>[^<]*</td><td>[^<]*</td><td>${allPeople}</td>`),
    );
    const text = JSON.stringify(scorecardCard(card).content);
    expect(text).toContain(`${hours} h`);
    expect(text).toContain(`${allPeople} client ${allPeople === 1 ? 'person' : 'people'}`);
  });

  it('When a round with too few client raters follows one with enough, then every surface keeps the earlier figures and says so', async () => {
    const card = (await buildScorecard(deps(), month, northwind))!;
    const r = card.ratings!;
    expect(r.round).toMatchObject({ laterRoundsWithTooFew: 1 });
    expect(r.performanceIndex).not.toBeNull();
    expect(r.round!.text).toContain('too few client responses');
    // The lone client's 5s and the lone internal rater's 1s are in no figure: the index is the demo round's.
    expect(r.gaps.length).toBeGreaterThan(0);
    expect(r.priorities.length).toBe(3);

    // The tab charts every closed round: the earlier one with the card's gaps, the thin one with none.
    const res = await fetch(`${tab.url}/api/tab/accounts/${northwind}`, {
      headers: { 'x-pulse-preview-user': 'dana' },
    });
    const { ratingRounds } = (await res.json()) as { ratingRounds: { round: string; elements: unknown[] }[] };
    expect(ratingRounds.length).toBe(2);
    expect(ratingRounds[0]!.elements).toEqual(r.gaps.map((g) => ({ ...g, target: null })));
    expect(ratingRounds[1]!.elements).toEqual([]);

    // The joint card, the joint pack and the internal pack: the same index, priorities and round.
    const joint = JSON.stringify(jointScorecardCard(clientSafe(card), minRatersOf(DEFAULT_SCORING_SETTINGS)).content);
    expect(joint).toContain(`Performance index: ${r.performanceIndex} of 100`);
    expect(joint).toContain(r.round!.text);
    const fmt = (n: number) => n.toFixed(1);
    for (const [i, p] of r.priorities.entries())
      expect(joint).toContain(
        `${i + 1}. ${p.element} (importance ${fmt(p.importance)}, performance ${fmt(p.performance)})`,
      );
    const jointPack = (await buildReviewPack(deps(), northwind, month, month, 'joint')).html;
    expect(jointPack).toContain(`Your performance index for us: ${r.performanceIndex} of 100. ${r.round!.text}`);
    for (const p of r.priorities)
      expect(jointPack).toContain(
        `<li>${p.element}: importance ${fmt(p.importance)}, performance ${fmt(p.performance)}</li>`,
      );
    const internalPack = (await buildReviewPack(deps(), northwind, month, month, 'internal')).html;
    expect(internalPack).toContain(`client index ${r.performanceIndex} of 100. ${r.round!.text}`);
    const internal = JSON.stringify(scorecardCard(card).content);
    expect(internal).toContain(`client index ${r.performanceIndex}`);
  });
});
