/**
 * A round's response rate and each element's change since the round before (issue 27, items 4 and 5): the client
 * members the shared channel has are read from its roster as the round closes (Bot Connector REST API, GET
 * /v3/conversations/{conversationId}/pagedmembers, which lists members of every tenant in a shared channel:
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#get-conversation-paged-members),
 * and the rate is written back with the round (Pulse_Rating_Round__c) and shown by every surface from one count.
 */
import { describe, expect, it, beforeEach } from 'vitest';
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
    // Internal: the client's channel never gets the count (the joint card has no response rate).
    const joint = JSON.stringify(jointScorecardCard(clientSafe(s), minRatersOf(DEFAULT_SCORING_SETTINGS)).content);
    expect(joint).not.toContain('client members rated');
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
});
