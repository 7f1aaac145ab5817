/**
 * Client ratings in a shared channel, against the Bot Connector stand-in with a host and a client tenant (and a
 * third one). Facts relied on (PLATFORM.md): in a shared channel `conversation.tenantId` is the host tenant and a
 * member's own tenant comes from the channel roster (GET /v3/conversations/{id}/members/{member}); Universal Actions
 * arrive as `adaptiveCard/action` invokes; `refresh.userIds` holds at most 60 ids
 * (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/user-specific-views).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../support/start-test-bot.ts';
import { QUALITY, RESPONSIVENESS } from '../support/ratings-world.ts';
import { useClientRatingsWorld } from '../support/client-ratings-world.ts';
import { channelLinksStore } from '../../src/adapters/store/channel-links-store.ts';
import { ratingsStore } from '../../src/adapters/store/ratings-store.ts';
import { channelEvents } from '../../src/stand-ins/teams/channel-events.ts';

// Each test has a world of its own (the bot, its database, the demo org, the channels) and builds the state it needs
// with the world's steps, so any test runs alone and in any order; client-ratings-close.test.ts has the closed rounds.
const w = useClientRatingsWorld();
const { t, m, el, addMember, say, act, openRound, responses, rate, drain, linkBoth, startRound, firstRoundRatedByOne } =
  w;

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
  beforeEach(() => linkBoth());

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
      await startRound();
      const view = await act('29:c1', w.shared, 'rating.view', { roundId: (await openRound()).id });
      expect(view.text).toContain('Your rating: Northwind Logistics');
      expect(view.text).toContain('Strategic alignment');
      const saved = await rate('c1', w.shared, [[RESPONSIVENESS, 5, 1]]);
      expect(saved.text).toContain('your answers are saved');
      expect(await responses()).toEqual([{ rater_key: 'aad-c1', side: 'client' }]);
    },
  );

  it('When a client member rates again, then the new answers replace the earlier ones and their own view shows them', async () => {
    await startRound();
    await rate('c1', w.shared, [[RESPONSIVENESS, 5, 1]]);
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
    await startRound();
    await rate('dana', w.internal, [
      [RESPONSIVENESS, 4, 4],
      [QUALITY, 4, 4],
    ]);
    expect((await responses()).find((r) => r.rater_key === 'aad-dana')?.side).toBe('internal');
  });

  it('When the account team opens its form, then the comment box says the client sees its comment (it becomes an irritant on the shared backlog)', async () => {
    await startRound();
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
      await startRound();
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
    await startRound();
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
    await startRound();
    await t.bot.teams.deliver(channelEvents(t.bot.teams).memberRemoved(w.shared, m.dana!.id, '29:c4'));
    expect((await rate('c4', w.shared, [[RESPONSIVENESS, 3, 3]])).text).toContain('nothing was saved');
    expect((await responses()).some((r) => r.rater_key === 'aad-c4')).toBe(false);
  });

  it(
    'When fewer than MIN_RATERS client members have rated, then the internal channel shows the response ' +
      'rate and the close shows no client number anywhere',
    async () => {
      await firstRoundRatedByOne();
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
