/**
 * Issue 24, defect 9a: what the bot answers to a card's button in a channel another organisation reads. An older
 * Teams client sends a button as Action.Submit, a message activity carrying the card's data in `value` and the card's
 * id in `replyToId` (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-actions#adaptive-cards-actions),
 * and the answer, posted or put in the card's place, is read by everyone in the channel. In a shared channel the
 * other organisation's people are in the channel's roster with their own tenant id, which tells them from the host's
 * (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/shared-channels, "Classify members in
 * the shared channel as in-tenant or out-tenant"): the Teams stand-in lists them so (see ratings-world). Whatever
 * the verb, no answer there may name another of the asker's accounts or carry a Salesforce id.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/features/cards/verbs.ts';
import { accountManagerFor } from '../../src/features/people/account-manager-for.ts';
import { channelLinksStore } from '../../src/adapters/store/channel-links-store.ts';
import { ids } from '../support/start-test-bot.ts';
import { testClock } from '../support/test-clock.ts';
import { useRatingsWorld } from '../support/ratings-world.ts';
import type { Conversation } from '../../src/stand-ins/teams/teams-state.ts';

/** The clock Teams' rate limits count by: each click comes 2 s after the last, so no limit (8 in 2 s a thread) is reached. */
const teamsClock = testClock();
const w = useRatingsWorld({ teamsClock: () => teamsClock.now().getTime() });
const { t, m, say } = w;
/** Dana's key accounts other than Northwind (whose channels these are): other clients' names. */
let others: { id: string; name: string }[] = [];
/** A Salesforce id of an account, contact or user (key prefix 001, 003, 005; 15 or 18 characters). */
const SALESFORCE_ID = /\b00[135][0-9a-zA-Z]{12}(?:[0-9a-zA-Z]{3})?\b/;

beforeAll(async () => {
  await w.linkBoth();
  expect(await say('dana', w.internal, 'start rating round')).toContain('is open until');
  const dana = await accountManagerFor(t.tdb.db, m.dana!.id);
  others = (await channelLinksStore(t.tdb.db).accountsOnTeamOf(dana.sfUserId)).filter((a) => a.id !== w.northwind);
  expect(others.length).toBeGreaterThan(0);
});

/**
 * Clicks a button of the bot's latest card in `channel` as an older client does (Action.Submit) and returns all the
 * bot posted or put in place in the channel in answer.
 */
async function submit(key: string, channel: Conversation, value: Record<string, unknown>): Promise<string> {
  teamsClock.advance(2_000);
  const card = t.bot.teams.sentTo(channel.id).at(-1);
  const before = t.bot.teams.received.length;
  const res = await t.bot.teams.deliver(
    t.bot.teams.activity(channel, m[key]?.id ?? `29:${key}`, { type: 'message', replyToId: card?.activityId, value }),
  );
  expect(res.status).toBe(200);
  return t.bot.teams.received
    .slice(before)
    .filter((r) => r.conversationId === channel.id)
    .map((r) => JSON.stringify(r.activity))
    .join('\n');
}

/** What no answer in a channel another organisation reads may hold: another of Dana's accounts, or any Salesforce id. */
function expectClientSafe(answer: string, what: string): void {
  expect(answer, what).not.toBe('');
  for (const a of others) expect(answer, what).not.toContain(a.name);
  expect(answer, what).not.toMatch(SALESFORCE_ID);
}

describe('Action.Submit answers in a channel another organisation reads', () => {
  it("When Dana, on an older client, picks another of her accounts on the shared channel's link card, then no one there sees it or its id", async () => {
    expect(await say('dana', w.shared, 'link')).toContain('type the account');
    const answer = await submit('dana', w.shared, { verb: VERBS.linkChannel, accountId: others[0]!.id });
    expectClientSafe(answer, 'channel.link');
    expect(answer).toContain('read this channel');
    expect((await channelLinksStore(t.tdb.db).byChannel(w.shared.id))?.accountId).toBe(w.northwind);
  });

  it('When Dana or the client submits any verb where the client reads, then no answer names another of her accounts or an id', async () => {
    const unlinked = t.bot.teams.state.addChannel('19:accounts@thread.tacv2', {
      id: '19:northwind-unlinked-submit@thread.skype',
      memberIds: [m.dana!.id, m.c1!.id],
    });
    const roundId = (await w.openRound()).id;
    for (const channel of [w.shared, unlinked])
      for (const key of ['dana', 'c1'])
        for (const verb of Object.values(VERBS))
          for (const accountId of [undefined, ...others.map((a) => a.id)]) {
            const data = {
              verb,
              roundId,
              period: '2026-10',
              tenants: ids.clientTenant,
              ...(accountId ? { accountId } : {}),
            };
            expectClientSafe(await submit(key, channel, data), `${key} ${verb} ${accountId ?? ''} in ${channel.id}`);
          }
    expect(t.bot.teams.calls.filter((c) => c.status === 429)).toEqual([]);
    expect((await channelLinksStore(t.tdb.db).byChannel(w.shared.id))?.accountId).toBe(w.northwind);
  });

  it('When the channel is linked as shared but no one of the client is in it now, then a submitted link card still lists none of her accounts', async () => {
    const clients = w.shared.memberIds.filter((id) => id !== m.dana!.id);
    w.shared.memberIds.splice(0, w.shared.memberIds.length, m.dana!.id);
    try {
      expectClientSafe(await submit('dana', w.shared, { verb: VERBS.linkChannel }), 'channel.link with nothing chosen');
    } finally {
      w.shared.memberIds.push(...clients);
    }
  });

  it('When Dana submits the link card in a channel only our people read, then the card is answered in place as before, with her accounts', async () => {
    const internal = t.bot.teams.state.addChannel('19:accounts@thread.tacv2', {
      id: '19:internal-submit@thread.tacv2',
      memberIds: [m.dana!.id, m.sam!.id],
    });
    await say('dana', internal, 'link');
    const answer = await submit('dana', internal, { verb: VERBS.linkChannel });
    expect(answer).toContain('Choose an account');
    for (const a of others) expect(answer).toContain(a.name);
  });
});
