/**
 * Client ratings (see client-ratings.test.ts): a round with enough client raters, from its opening by the operator
 * to the published results, the cadence, and what the shared channel may and may not receive.
 */
import { PINNED_AT, testClock } from '../support/test-clock.ts';
import { beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../support/start-test-bot.ts';
import { CLIENT_SAFE_SUBMISSION_ANSWER } from '../../src/edge/bot/answer-submission.ts';
import { QUALITY, RESPONSIVENESS } from '../support/ratings-world.ts';
import { useClientRatingsWorld } from '../support/client-ratings-world.ts';
import { channelLinksStore } from '../../src/adapters/store/channel-links-store.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { drainSalesforceOutbox } from '../../src/adapters/salesforce-outbox/drain-salesforce-outbox.ts';
import { buildScorecard } from '../../src/features/scorecards/build-scorecard.ts';
import { lastEndedPeriod } from '../../src/core/domain/period.ts';
import { DEFAULT_SCORING_SETTINGS, minRatersOf } from '../../src/core/scoring/settings.ts';
import { channelEvents } from '../../src/stand-ins/teams/channel-events.ts';
import { scorecardCard } from '../../src/features/cards/scorecard-card.ts';
import { jointScorecardCard } from '../../src/features/cards/rating-cards.ts';
import { clientSafe } from '../../src/core/scoring/scorecard.ts';
import { renderJointReviewPack } from '../../src/features/reports/render-review-pack.ts';

/** The instant this file runs at: PINNED_AT (4 November 2026, 10:00 UTC). */
const pinned = testClock().now;

// Each test has a world of its own with both channels linked, and builds the round it needs with the world's steps.
const w = useClientRatingsWorld();
const { t, m, el, say, act, openRound, responses, rate, drain, npmRunRatings, linkBoth } = w;
const { startRound, firstRoundRatedByOne, rateHandComputedExample, scanForLeaks } = w;

describe('A round with enough client raters (clock at 4 Nov 2026, 10:00 UTC)', () => {
  beforeEach(() => linkBoth());

  it('When an operator runs npm run ratings -- open against the running server, then the round opens and its card is queued', async () => {
    // A day after the first round closed.
    t.bot.clock.advance(86_400_000);
    const opened = await npmRunRatings('open', w.northwind);
    expect(opened.out).toMatch(/Rating round \S+ opened for Northwind Logistics/);
    expect(opened.out).toContain('The server is delivering them now.');
    expect(opened.code).toBe(0);
    // Outside a turn the roster is read through the adapter: the card still refreshes for each member.
    await drain();
    const card = t.bot.teams.sentTo(w.shared.id).at(-1)!.activity as {
      attachments: { content: Record<string, unknown> }[];
    };
    expect((card.attachments[0]!.content.refresh as { userIds: string[] }).userIds.sort()).toEqual(
      [...w.shared.memberIds].sort(),
    );
    const bad = await npmRunRatings('open', 'not-an-id');
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('--account must be a Salesforce account id');
  }, 60_000);

  it('When a client without Universal Actions saves through Action.Submit, then it is saved and the channel gets only the general answer', async () => {
    await startRound();
    const root = t.bot.teams.sentTo(w.shared.id).at(-1)!;
    const before = t.bot.teams.received.length;
    await t.bot.teams.deliver(
      t.bot.teams.activity(w.shared, '29:c3', {
        type: 'message',
        replyToId: root.activityId,
        value: {
          verb: 'rating.save',
          roundId: (await openRound()).id,
          [`p_${el(QUALITY)}`]: '5',
          [`i_${el(QUALITY)}`]: '2',
        },
      }),
    );
    // Everyone in the channel reads a Submit's answer: it says nothing of the rater's (issue 24, defect 9a).
    const answered = t.bot.teams.received.slice(before);
    expect(answered.map((r) => [r.op, r.activity.text])).toEqual([['reply', CLIENT_SAFE_SUBMISSION_ANSWER]]);
    expect((await responses()).find((r) => r.rater_key === 'aad-c3')?.side).toBe('client');
  });

  it('When the round closes (npm run ratings -- close), then the gaps, priorities and index are those of ' +
    'the hand-computed example, and Salesforce gets aggregates only', {
    timeout: 60_000,
  }, async () => {
    await startRound();
    await rateHandComputedExample();
    const closed = await npmRunRatings('close', w.northwind);
    expect(closed.out).toContain('of Northwind Logistics closed: 3 client raters');
    await drain();
    // Client means: responsiveness 2.0 / 4.7, quality 4.3 / 3.0; internal 4.5 and 3.5.
    // Gap = internal - client: +2.5 and -0.8; priority = importance x (5 - performance): 14.0 and 2.0.
    const internalView = JSON.stringify(t.bot.teams.sentTo(w.internal.id).at(-1)!.activity);
    expect(internalView).toContain('Responsiveness: we 4.5, client 2.0, gap +2.5');
    expect(internalView).toContain('Quality of delivery: we 3.5, client 4.3, gap -0.8');
    const joint = JSON.stringify(t.bot.teams.sentTo(w.shared.id).at(-1)!.activity);
    expect(joint).toContain('Performance index: 47.8 of 100');
    expect(joint).toContain('1. Responsiveness (importance 4.7, performance 2.0)');
    expect(joint).toContain('2. Quality of delivery (importance 3.0, performance 4.3)');
    expect(joint).toContain('Responsiveness: performance 2.0, importance 4.7 (3 raters)');
    const rows = await t.tdb.db.query<{ key: string; payload: { fields: Record<string, unknown> } }>(
      `SELECT key, payload FROM outbox WHERE object = 'Pulse_Rating__c' ORDER BY key`,
    );
    const client = rows.filter((r) => r.key.endsWith('-Client')).map((r) => r.payload.fields);
    expect(client.find((f) => f.Element__c === 'Responsiveness')).toMatchObject({
      Performance__c: 2,
      Importance__c: 4.7,
      Responses__c: 3,
      Perception_Gap__c: 2.5,
    });
    for (const r of rows) expect(Object.keys(r.payload.fields)).not.toContain('Rater__c');
    expect(JSON.stringify(rows)).not.toContain('aad-c');
    // And the Salesforce stand-in accepts them as declared (Pulse_Rating__c in sf-schema.ts and the metadata).
    const crm = await w.salesforce().connect(t.bot.logs.log);
    expect((await drainSalesforceOutbox({ outbox: outboxStore(t.tdb.db), crm, log: t.bot.logs.log })).failed).toBe(0);
    const stored = w
      .salesforce()
      .sf.data.records('Pulse_Rating__c')
      .filter((r) => r.Side__c === 'Client' && r.Element__c === 'Responsiveness');
    expect(stored.map((r) => [r.Performance__c, r.Responses__c])).toContainEqual([2, 3]);
  });

  it(
    "When the monthly scorecard is built after the close, then it carries the round's index and gaps " +
      "(internal), and the client-safe part only the client's aggregates",
    async () => {
      await startRound();
      await rateHandComputedExample();
      await t.bot.app.services.rounds.close(w.northwind);
      const s = (await buildScorecard(
        { db: t.tdb.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now: pinned },
        lastEndedPeriod(pinned()),
        w.northwind,
      ))!;
      expect(s.ratings?.performanceIndex).toBe(47.8);
      expect(s.ratings?.gaps[0]).toEqual({ element: 'Responsiveness', internal: 4.5, client: 2, gap: 2.5 });
      // The only client comment so far came in a round below MIN_RATERS: kept, never published.
      expect(s.irritants.map((i) => i.title)).toEqual([]);
    },
  );

  it("When a later round has one client rater, then the scorecard keeps the earlier round's figures, and says so", async () => {
    const deps = { db: t.tdb.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now: t.bot.clock.now };
    // The scorecard of the month just ended, as of the bot's clock.
    const scorecard = async () => (await buildScorecard(deps, lastEndedPeriod(t.bot.clock.now()), w.northwind))!;
    await startRound();
    await rateHandComputedExample();
    await t.bot.app.services.rounds.close(w.northwind);
    const established = await scorecard();
    const closedOn = established.ratings!.round!.closedOn;
    expect(established.ratings!.round).toEqual({
      closedOn,
      laterRoundsWithTooFew: 0,
      text: `From the rating round closed on ${closedOn}.`,
    });
    // A month later, a round only one client person answers.
    t.bot.clock.advance(30 * 86_400_000);
    await startRound();
    await rate('c1', w.shared, [[QUALITY, 1, 5]]);
    await t.bot.app.services.rounds.close(w.northwind);
    const after = await scorecard();
    expect(after.ratings?.performanceIndex).toBe(47.8);
    expect(after.ratings?.gaps).toEqual(established.ratings!.gaps);
    expect(after.status).toBe(established.status);
    expect(after.ratings!.round).toMatchObject({ closedOn, laterRoundsWithTooFew: 1 });
    // October's scorecard is as it stood: a round closed after November never rewrites it.
    const october = (await buildScorecard(deps, lastEndedPeriod(pinned()), w.northwind))!;
    expect(october.ratings).toEqual(established.ratings);
    const said = after.ratings!.round!.text;
    expect(said).toBe(
      `From the rating round closed on ${closedOn}. The round closed after it had too few client responses for ` +
        'any number, so these figures still stand.',
    );
    // The internal card, the joint card and the joint review pack each say it.
    expect(JSON.stringify(scorecardCard(after).content)).toContain(said);
    expect(
      JSON.stringify(jointScorecardCard(clientSafe(after), minRatersOf(DEFAULT_SCORING_SETTINGS)).content),
    ).toContain(said);
    expect(renderJointReviewPack('Northwind Logistics', [clientSafe(after)], pinned())).toContain(said);
  });

  it('The cadence: a reminder a few days before the close names no one; a due round closes; the next quarter opens a round', async () => {
    const start = new Date(PINNED_AT);
    const rounds = w.roundsAt;
    const opened = await rounds(start).open(w.northwind, 'test');
    const closesAt = new Date(opened.closesAt);
    expect(await rounds(new Date(closesAt.getTime() - 5 * 86_400_000)).tick()).toMatchObject({ reminded: 0 });
    expect(await rounds(new Date(closesAt.getTime() - 2 * 86_400_000)).tick()).toMatchObject({ reminded: 1 });
    expect(await rounds(new Date(closesAt.getTime() - 1 * 86_400_000)).tick()).toMatchObject({ reminded: 0 });
    await drain();
    const reminder = String(t.bot.teams.sentTo(w.shared.id).at(-1)!.activity.text);
    expect(reminder).toContain('Reminder: the rating round closes on');
    for (const key of ['c1', 'c2', 'c3', 'c4']) expect(reminder).not.toContain(`Client ${key}`);
    // The internal channel gets the response rate at the same time (nobody has rated this round yet).
    expect(String(t.bot.teams.sentTo(w.internal.id).at(-1)!.activity.text)).toContain(
      '0 of 4 client members have rated; 0 of the account team.',
    );
    expect(await rounds(new Date(closesAt.getTime() + 1000)).tick()).toMatchObject({ closed: 1, opened: 0 });
    const nextQuarter = new Date(
      Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - (start.getUTCMonth() % 3) + 3, 2),
    );
    expect(await rounds(nextQuarter).tick()).toMatchObject({ opened: 1 });
    await rounds(nextQuarter).close(w.northwind);
    await drain();
  });

  it('The leak scan: nothing the stand-in received for the shared channel, nor any answer given there, holds internal-only data or a name', async () => {
    // The rounds the tests above go through, in one world: each test is scanned after it ends too (afterEach).
    await say('c1', w.shared, 'rate');
    await firstRoundRatedByOne();
    await act('29:c2', w.shared, 'rating.view', { roundId: (await openRound()).id });
    await rate('c2', w.shared, [[RESPONSIVENESS, 1, 4]], {
      comment: 'Tickets wait for days',
      commentElementId: el(RESPONSIVENESS),
    });
    await t.bot.app.services.rounds.close(w.northwind);
    await drain();
    await say('c1', w.shared, 'irritants');
    t.bot.clock.advance(86_400_000);
    await startRound();
    await rateHandComputedExample();
    await t.bot.app.services.rounds.close(w.northwind);
    await drain();
    const opened = await w.roundsAt(t.bot.clock.now()).open(w.northwind, 'test');
    await w.roundsAt(new Date(new Date(opened.closesAt).getTime() - 2 * 86_400_000)).tick();
    await drain();
    expect(scanForLeaks().length).toBeGreaterThan(1000);
  });

  it('When a message not marked client-safe is queued for the shared channel, then the delivery engine refuses it', async () => {
    const before = t.bot.teams.sentTo(w.shared.id).length;
    const team = (await t.tdb.db.query<{ reference: unknown }>('SELECT reference FROM installations LIMIT 1'))[0]!;
    await outboxStore(t.tdb.db).enqueueOnce('teams', 'scorecard', '2026-10:leak:scorecard', {
      to: { kind: 'channel', reference: team.reference, channelId: w.shared.id },
      activity: { type: 'message', text: 'Revenue 62000000' },
      threadKey: w.shared.id,
      tenantId: ids.homeTenant,
    });
    const stats = await drain();
    expect(stats.failed).toBe(1);
    expect(t.bot.teams.sentTo(w.shared.id).length).toBe(before);
  });

  it('When the client tenant unshares the channel, then its people can no longer rate', async () => {
    await t.bot.teams.deliver(channelEvents(t.bot.teams).unshared(w.shared, m.dana!.id, ids.clientTenant));
    expect(await channelLinksStore(t.tdb.db).byChannel(w.shared.id)).toBeUndefined();
  });
});
