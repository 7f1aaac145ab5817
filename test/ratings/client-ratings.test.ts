/**
 * Client ratings in a shared channel, against the Bot Connector stand-in with a host and a client tenant (and a
 * third one). Facts relied on (PLATFORM.md): in a shared channel `conversation.tenantId` is the host tenant and a
 * member's own tenant comes from the channel roster (GET /v3/conversations/{id}/members/{member}); Universal Actions
 * arrive as `adaptiveCard/action` invokes; `refresh.userIds` holds at most 60 ids
 * (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/user-specific-views).
 */
import { PINNED_AT, testClock } from '../support/test-clock.ts';
import { describe, expect, it } from 'vitest';
import { ids } from '../support/start-test-bot.ts';
import { CLIENT_SAFE_SUBMISSION_ANSWER } from '../../src/edge/bot/answer-submission.ts';
import { QUALITY, RESPONSIVENESS, useRatingsWorld } from '../support/ratings-world.ts';
import { channelLinksStore } from '../../src/adapters/store/channel-links-store.ts';
import { ratingsStore } from '../../src/adapters/store/ratings-store.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { drainSalesforceOutbox } from '../../src/adapters/salesforce-outbox/drain-salesforce-outbox.ts';
import { buildScorecard } from '../../src/features/scorecards/build-scorecard.ts';
import { lastEndedPeriod } from '../../src/core/domain/period.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';
import { channelEvents } from '../../src/stand-ins/teams/channel-events.ts';

/** The instant this file runs at: PINNED_AT (4 November 2026, 10:00 UTC). */
const pinned = testClock().now;

const w = useRatingsWorld();
const { t, m, el, addMember, say, act, openRound, responses, rate, drain, npmRunRatings } = w;
describe('Linking the channel shared with the client (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it(
    'When the channel is shared with the client tenant, then Dana links it as shared after confirming ' +
      'the tenant; a client user is refused politely',
    async () => {
      expect(
        await act(m.dana!.id, w.internal, 'channel.link', { accountId: w.northwind }).then((r) => r.text),
      ).toContain('now linked to Northwind Logistics');
      const ev = channelEvents(t.bot.teams);
      await t.bot.teams.deliver(
        ev.shared(w.shared, m.dana!.id, ids.clientTenant, ['29:c1', '29:c2', '29:c3', '29:c4']),
      );
      const confirm = await act(m.dana!.id, w.shared, 'channel.link', { accountId: w.northwind });
      expect(confirm.text).toContain('Link it as the channel shared with the client of Northwind Logistics');
      expect(confirm.text).toContain(ids.clientTenant);
      expect(await channelLinksStore(t.tdb.db).byChannel(w.shared.id)).toBeUndefined();
      expect(await say('c1', w.shared, 'link')).toContain(
        'Linking this channel is done by the account team on our side',
      );
      const done = await act(m.dana!.id, w.shared, 'channel.link-shared', {
        accountId: w.northwind,
        tenants: ids.clientTenant,
      });
      expect(done.text).toContain('now the channel shared with the client for Northwind Logistics');
      const link = await channelLinksStore(t.tdb.db).byChannel(w.shared.id);
      expect(link).toMatchObject({ purpose: 'shared', accountId: w.northwind, clientTenantIds: [ids.clientTenant] });
      expect(await say('dana', w.shared, 'linked')).toContain('only client-safe content');
    },
  );

  it('When Marco (not on the Northwind team) tries to link it, then he is refused', async () => {
    w.shared.memberIds.push(m.marco!.id);
    expect(
      (await act(m.marco!.id, w.shared, 'channel.link-shared', { accountId: w.northwind, tenants: ids.clientTenant }))
        .text,
    ).toContain('Only the account team');
  });
});

describe('A rating round (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it(
    'When someone types rate before any round is open, then the bot says none is open (the team also how ' +
      'one starts; the client nothing internal), not that something was not saved',
    async () => {
      const team = await say('dana', w.internal, 'rate');
      expect(team).toContain('No rating round is open for Northwind Logistics now');
      // (say gives the activity as JSON: the quotes around the command are escaped there)
      expect(team).toContain('Start one with \\"start rating round\\" in the internal channel');
      expect(team).not.toContain('saved');
      const client = await say('c1', w.shared, 'rate');
      expect(client).toContain('No rating round is open for Northwind Logistics now.');
      expect(client).not.toMatch(/internal|start rating round|saved/);
    },
  );

  it(
    'When Dana types start rating round in the internal channel, then the card goes to the shared ' +
      'channel (client-safe, refresh for its members) and the internal one',
    async () => {
      expect(await say('c1', w.shared, 'start rating round')).toContain('internal channel');
      const out = await say('dana', w.internal, 'start rating round');
      expect(out).toContain('A rating round for Northwind Logistics is open until');
      expect(await say('dana', w.internal, 'start rating round')).toContain('already open');
      await drain();
      const card = t.bot.teams.sentTo(w.shared.id).at(-1)!.activity as {
        attachments: { content: Record<string, unknown> }[];
      };
      const refresh = card.attachments[0]!.content.refresh as { userIds: string[]; action: { verb: string } };
      expect(refresh.action.verb).toBe('rating.view');
      expect(refresh.userIds.sort()).toEqual([...w.shared.memberIds].sort());
      expect(JSON.stringify(t.bot.teams.sentTo(w.internal.id).at(-1)!.activity)).toContain('Type rate status');
    },
  );

  it(
    'When a client member opens the card, then they see an empty form of the six default elements; when ' +
      'they save, they are stored as a client rater and confirmed',
    async () => {
      const view = await act('29:c1', w.shared, 'rating.view', { roundId: (await openRound()).id });
      expect(view.text).toContain('Your rating: Northwind Logistics');
      expect(view.text).toContain('Strategic alignment');
      const saved = await rate('c1', w.shared, [[RESPONSIVENESS, 5, 1]]);
      expect(saved.text).toContain('your answers are saved');
      expect(await responses()).toEqual([{ rater_key: 'aad-c1', side: 'client' }]);
    },
  );

  it('When a client member rates again, then the new answers replace the earlier ones and their own view shows them', async () => {
    await rate('c1', w.shared, [
      [RESPONSIVENESS, 2, 5],
      [QUALITY, 4, 3],
    ]);
    const mine = await ratingsStore(t.tdb.db).responseOf((await openRound()).id, 'aad-c1');
    expect(mine!.answers.sort((a, b) => a.elementId.localeCompare(b.elementId))).toEqual([
      { elementId: el(RESPONSIVENESS), performance: 2, importance: 5 },
      { elementId: el(QUALITY), performance: 4, importance: 3 },
    ]);
    const view = await act('29:c1', w.shared, 'rating.view', { roundId: (await openRound()).id });
    const inputs = JSON.stringify(view.card);
    expect(inputs).toContain(`"id":"p_${el(RESPONSIVENESS)}"`);
    expect(view.text).toContain('Update my answers');
  });

  it('When a host member of the account team rates, then it is an internal rating', async () => {
    await rate('dana', w.internal, [
      [RESPONSIVENESS, 4, 4],
      [QUALITY, 4, 4],
    ]);
    expect((await responses()).find((r) => r.rater_key === 'aad-dana')?.side).toBe('internal');
  });

  it('When the account team opens its form, then the comment box says the client sees its comment (it becomes an irritant on the shared backlog)', async () => {
    const label = (card: unknown) => (JSON.stringify(card).match(/"id":"comment","label":"([^"]*)"/) ?? [])[1] ?? '';
    const internal = await act(m.dana!.id, w.internal, 'rating.view', { roundId: (await openRound()).id });
    expect(label(internal.card)).toContain('the client sees');
    const client = await act('29:c2', w.shared, 'rating.view', { roundId: (await openRound()).id });
    expect(label(client.card)).toBe('What irritates you? (optional, shown without your name)');
  });

  it(
    'When someone who may not rate tries (host user of another team, third tenant, unknown id, card ' +
      'naming another round or account), then a polite card and nothing stored',
    async () => {
      const before = await responses();
      w.shared.memberIds.push(m.third!.id);
      for (const key of ['marco', 'third', 'nobody']) {
        const r = await rate(key, w.shared, [[RESPONSIVENESS, 1, 5]]);
        expect(r.text).toContain('Only the client');
        expect(r.text).toContain('nothing was saved');
      }
      expect((await rate('c2', w.shared, [[RESPONSIVENESS, 1, 5]], { roundId: '20260101-ffffff' })).text).toContain(
        'nothing was saved',
      );
      expect((await rate('c2', w.shared, [[RESPONSIVENESS, 1, 5]], { accountId: w.contoso })).text).toContain(
        'nothing was saved',
      );
      expect(await responses()).toEqual(before);
    },
  );

  it('When the channel has more than 60 members, then nobody auto-refreshes and the card offers Show my answers', async () => {
    const extra = Array.from(
      { length: 60 },
      (_, i) => addMember(`x${i}`, `Extra ${i}`, ids.clientTenant, `x${i}@client.example`).id,
    );
    w.shared.memberIds.push(...extra);
    try {
      const view = await act('29:c1', w.shared, 'rating.view', { roundId: (await openRound()).id });
      expect((view.card.refresh as { userIds: string[] }).userIds).toEqual([]);
      expect(view.text).toContain('Show my answers');
    } finally {
      w.shared.memberIds = w.shared.memberIds.filter((id) => !extra.includes(id));
    }
  });

  it('When a member is removed mid-round, then they can no longer rate', async () => {
    await t.bot.teams.deliver(channelEvents(t.bot.teams).memberRemoved(w.shared, m.dana!.id, '29:c4'));
    expect((await rate('c4', w.shared, [[RESPONSIVENESS, 3, 3]])).text).toContain('nothing was saved');
    expect((await responses()).some((r) => r.rater_key === 'aad-c4')).toBe(false);
  });

  it(
    'When fewer than MIN_RATERS client members have rated, then the internal channel shows the response ' +
      'rate and the close shows no client number anywhere',
    async () => {
      await rate('c2', w.shared, [[RESPONSIVENESS, 1, 4]], {
        comment: 'Tickets wait for days',
        commentElementId: el(RESPONSIVENESS),
      });
      expect(await say('dana', w.internal, 'rate status')).toContain(
        '2 of 3 client members have rated; 1 of the account team',
      );
      const summary = await t.bot.app.services.rounds.close(w.northwind);
      expect(summary.enough).toBe(false);
      await drain();
      const joint = JSON.stringify(t.bot.teams.sentTo(w.shared.id).at(-1)!.activity);
      expect(joint).toContain('Not enough responses yet');
      expect(joint).not.toMatch(/performance \d\.\d/);
      // Two client raters: a comment could be told apart as one of theirs, so it is not published either.
      expect(joint).toContain('numbers and comments are shown from 3 client raters on');
      expect(joint).not.toContain('Tickets wait for days');
      expect(await say('c1', w.shared, 'irritants')).not.toContain('Tickets wait for days');
      const internalView = JSON.stringify(t.bot.teams.sentTo(w.internal.id).at(-1)!.activity);
      expect(internalView).toContain('Not enough responses yet');
      const client = await t.tdb.db.query(
        `SELECT key FROM outbox WHERE object = 'Pulse_Rating__c' AND key LIKE '%-Client'`,
      );
      expect(client).toEqual([]);
    },
  );
});

describe('A round with enough client raters (clock at 4 Nov 2026, 10:00 UTC)', () => {
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
    w.shared.memberIds.push('29:c4');
    const scores: Record<string, [number, number, number][]> = {
      c1: [
        [RESPONSIVENESS, 2, 5],
        [QUALITY, 4, 3],
      ],
      c2: [
        [RESPONSIVENESS, 1, 4],
        [QUALITY, 4, 4],
      ],
      c3: [
        [RESPONSIVENESS, 3, 5],
        [QUALITY, 5, 2],
      ],
    };
    for (const [key, s] of Object.entries(scores)) await rate(key, w.shared, s);
    await rate('dana', w.internal, [
      [RESPONSIVENESS, 4, 4],
      [QUALITY, 4, 4],
    ]);
    await rate('sam', w.internal, [
      [RESPONSIVENESS, 5, 4],
      [QUALITY, 3, 3],
    ]);
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
    const everything = [
      // What members see: text and cards (a reply's envelope names its recipient, which only that member sees).
      ...t.bot.teams
        .sentTo(w.shared.id, ['send', 'reply', 'create', 'update'])
        .map((r) => JSON.stringify([r.activity.text, r.activity.attachments])),
      ...w.sharedAnswers,
    ].join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    for (const internalOnly of [
      'Revenue',
      'revenue',
      'asset value',
      'At risk',
      'Stalled',
      'price_pressure',
      'risk',
      'perception gap',
      'gap +',
      'we 4.5',
      'Internal rating',
      '62000000',
      'Client c1',
      'Client c2',
      'aad-c',
      'Dana',
    ])
      expect(everything, internalOnly).not.toContain(internalOnly);
    // Nor do the logs hold an answer or a comment.
    const logs = JSON.stringify(t.bot.logs.lines);
    expect(logs).not.toContain('Tickets wait for days');
    expect(logs).not.toMatch(/"performance":\d/);
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
