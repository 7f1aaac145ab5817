/**
 * A round's response rate and each element's change since the round before (issue 27, items 4 and 5): the client
 * members the shared channel has are read from its roster as the round closes (Bot Connector REST API, GET
 * /v3/conversations/{conversationId}/pagedmembers, which lists members of every tenant in a shared channel:
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#get-conversation-paged-members),
 * and the rate is written back with the round (Pulse_Rating_Round__c) and shown by every surface from one count.
 */
import { describe, expect, it, beforeEach } from 'vitest';
import { testClock } from '../support/test-clock.ts';
import { QUALITY, RESPONSIVENESS } from '../support/ratings-world.ts';
import { useClientRatingsWorld } from '../support/client-ratings-world.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { drainSalesforceOutbox } from '../../src/adapters/salesforce-outbox/drain-salesforce-outbox.ts';
import { buildScorecard } from '../../src/features/scorecards/build-scorecard.ts';
import { lastEndedPeriod } from '../../src/core/domain/period.ts';
import { DEFAULT_SCORING_SETTINGS, minRatersOf } from '../../src/core/scoring/settings.ts';
import { scorecardCard } from '../../src/features/cards/scorecard-card.ts';
import { jointScorecardCard } from '../../src/features/cards/rating-cards.ts';
import { clientSafe } from '../../src/core/scoring/scorecard.ts';

/** The instant this file starts at: PINNED_AT (4 November 2026, 10:00 UTC). */
const pinned = testClock().now;
const w = useClientRatingsWorld();
const { t, rate, drain, linkBoth, startRound, rateHandComputedExample } = w;

const roundRecords = () =>
  t.tdb.db.query<{ key: string; payload: { fields: Record<string, unknown> } }>(
    `SELECT key, payload FROM outbox WHERE object = 'Pulse_Rating_Round__c' ORDER BY created_at, key`,
  );

describe("A round's response rate and the change since the round before (clock at 4 Nov 2026, 10:00 UTC)", () => {
  beforeEach(() => linkBoth());
  const deps = () => ({ db: t.tdb.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now: t.bot.clock.now });
  const scorecard = async () => (await buildScorecard(deps(), lastEndedPeriod(t.bot.clock.now()), w.northwind))!;

  it('When three of the four client members rated, then the close stores 4, and the card and Salesforce say 75%', async () => {
    await startRound();
    await rateHandComputedExample();
    await t.bot.app.services.rounds.close(w.northwind);
    const [record] = await roundRecords();
    // Dana and Sam rated too: the account team's count is apart, never in the client rate.
    expect(record!.payload.fields).toMatchObject({
      Account__c: w.northwind,
      Client_Raters__c: 3,
      Client_Members__c: 4,
      Response_Rate__c: 75,
      Internal_Raters__c: 2,
    });
    const s = await scorecard();
    expect(s.responseRate).toMatchObject({ rated: 3, members: 4, percent: 75 });
    const card = JSON.stringify(scorecardCard(s).content);
    expect(card).toContain('3 of 4 client members rated (75%) in the round closed on');
    // Internal: the client-safe scorecard has no response rate, so no joint surface can show it.
    expect(Object.keys(clientSafe(s))).not.toContain('responseRate');
    expect(JSON.stringify(clientSafe(s))).not.toMatch(/"members"|75/);
    const joint = JSON.stringify(jointScorecardCard(clientSafe(s), minRatersOf(DEFAULT_SCORING_SETTINGS)).content);
    expect(joint).not.toMatch(/client members|75%/);
    // The Salesforce stand-in takes the record as the metadata declares it.
    const crm = await w.salesforce().connect(t.bot.logs.log);
    expect((await drainSalesforceOutbox({ outbox: outboxStore(t.tdb.db), crm, log: t.bot.logs.log })).failed).toBe(0);
    expect(
      w
        .salesforce()
        .sf.data.records('Pulse_Rating_Round__c')
        .map((r) => r.Response_Rate__c),
    ).toEqual([75]);
  });

  it('When Teams is busy as the round is due to close, then it stays open, and the tick after Teams answers closes it with the count', async () => {
    await startRound();
    await rateHandComputedExample();
    const round = await w.openRound();
    // Teams answers 503 to every roster page (more than the connector's own retries wait out).
    t.bot.teams.faults.push({ op: 'pagedMembers', status: 503, conversationId: w.shared.id, times: 1000 });
    await expect(t.bot.app.services.rounds.close(w.northwind)).rejects.toThrow('the round stays open');
    const tickAt = (ms: number) => w.roundsAt(new Date(round.closesAt.getTime() + ms)).tick();
    expect(await tickAt(60_000)).toMatchObject({ closed: 0 });
    expect((await w.openRound()).id).toBe(round.id);
    expect(await roundRecords()).toEqual([]);
    // Teams answers again: the next tick closes it with the count.
    t.bot.teams.faults.length = 0;
    expect(await tickAt(15 * 60_000)).toMatchObject({ closed: 1 });
    expect((await roundRecords())[0]!.payload.fields).toMatchObject({ Client_Members__c: 4, Response_Rate__c: 75 });
  });

  it('When Teams stays busy for a day past the close, then the round closes without the count (a gap)', async () => {
    await startRound();
    await rateHandComputedExample();
    const round = await w.openRound();
    t.bot.teams.faults.push({ op: 'pagedMembers', status: 503, conversationId: w.shared.id, times: 1000 });
    const at = new Date(round.closesAt.getTime() + 25 * 3600_000);
    expect(await w.roundsAt(at).tick()).toMatchObject({ closed: 1 });
    t.bot.teams.faults.length = 0;
    expect((await roundRecords())[0]!.payload.fields).toMatchObject({ Client_Raters__c: 3, Client_Members__c: null });
  });

  it('When the shared channel cannot be read as the round closes, then its rate is a gap (no members, no percent), never a zero', async () => {
    await startRound();
    await rateHandComputedExample();
    // Teams no longer knows the channel: the roster read answers 404 ConversationNotFound.
    t.bot.teams.state.conversations.delete(w.shared.id);
    await t.bot.app.services.rounds.close(w.northwind);
    const [record] = await roundRecords();
    expect(record!.payload.fields).toMatchObject({
      Client_Raters__c: 3,
      Client_Members__c: null,
      Response_Rate__c: null,
    });
    const s = await scorecard();
    expect(s.responseRate).toMatchObject({ rated: 3, members: null, percent: null });
    expect(JSON.stringify(scorecardCard(s).content)).toContain('how many the channel had was not read');
  });

  it('When a second round with enough client raters closes, then the joint card gives each element its change since the first', async () => {
    await startRound();
    await rateHandComputedExample();
    await t.bot.app.services.rounds.close(w.northwind);
    // A quarter later, the same three client members rate responsiveness better (2.0 -> 3.0) and quality the same.
    t.bot.clock.advance(91 * 86_400_000);
    await startRound();
    for (const [key, r] of [
      ['c1', 3],
      ['c2', 2],
      ['c3', 4],
    ] as const)
      await rate(key, w.shared, [
        [RESPONSIVENESS, r, 5],
        [QUALITY, key === 'c3' ? 5 : 4, 3],
      ]);
    await t.bot.app.services.rounds.close(w.northwind);
    await drain();
    const s = await scorecard();
    expect(s.ratings!.clientAggregates.map((e) => [e.element, e.performance, e.change])).toEqual([
      ['Responsiveness', 3, 1],
      ['Quality of delivery', 4.3, 0],
    ]);
    // The results card the shared channel got at the close.
    const joint = JSON.stringify(t.bot.teams.sentTo(w.shared.id).at(-1)!.activity);
    expect(joint).toContain(
      'Responsiveness: performance 3.0, up 1.0 since the round before, importance 5.0 (3 raters)',
    );
    expect(joint).toContain('Quality of delivery: performance 4.3, unchanged since the round before');
    // This round's rate counts only its own raters: three again of four.
    expect(s.responseRate).toMatchObject({ rated: 3, members: 4, percent: 75 });
  });

  it('When a later round has too few client raters, then figures and changes come from rounds with numbers, the rate from the newest', async () => {
    const quarter = 91 * 86_400_000;
    const round = async (answers: [string, [number, number, number][]][]) => {
      await startRound();
      for (const [key, scores] of answers) await rate(key, w.shared, scores);
      await t.bot.app.services.rounds.close(w.northwind);
      t.bot.clock.advance(quarter);
    };
    const both = (r: number, q: number): [number, number, number][] => [
      [RESPONSIVENESS, r, 5],
      [QUALITY, q, 3],
    ];
    // Round 1: both elements; round 2: responsiveness only; round 3: both; round 4: one client rater (too few).
    await round([
      ['c1', both(2, 3)],
      ['c2', both(2, 3)],
      ['c3', both(2, 3)],
    ]);
    // The month that had ended when round 1 closed (October 2026).
    const month = lastEndedPeriod(pinned());
    const october = await buildScorecard(deps(), month, w.northwind);
    await round([
      ['c1', [[RESPONSIVENESS, 3, 5]]],
      ['c2', [[RESPONSIVENESS, 3, 5]]],
      ['c3', [[RESPONSIVENESS, 3, 5]]],
    ]);
    await round([
      ['c1', both(4, 5)],
      ['c2', both(4, 5)],
      ['c3', both(4, 5)],
    ]);
    await round([['c1', both(1, 1)]]);
    const s = await scorecard();
    expect(s.ratings!.round!.laterRoundsWithTooFew).toBe(1);
    // Responsiveness against round 2 (3.0); quality against round 1 (3.0), since round 2 had no client numbers for it.
    expect(s.ratings!.clientAggregates.map((e) => [e.element, e.performance, e.change])).toEqual([
      ['Responsiveness', 4, 1],
      ['Quality of delivery', 5, 2],
    ]);
    // The newest round's rate: one of four.
    expect(s.responseRate).toMatchObject({ rated: 1, members: 4, percent: 25 });
    // October's scorecard, built again after all that, is as it was.
    expect(await buildScorecard(deps(), month, w.northwind)).toEqual(october);
  });
});
