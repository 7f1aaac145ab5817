import { beforeAll, describe, expect, it } from 'vitest';
import { homeMember, ids, teamsEngineFor, useTestBot } from '../support/start-test-bot.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { drainTeamsOutbox, type DeliveryOutcome } from '../../src/adapters/teams/drain-teams-outbox.ts';
import type { TeamsDelivery } from '../../src/adapters/teams/teams-delivery.ts';
import type { Member } from '../../src/stand-ins/teams/teams-state.ts';
import { outboxTime } from '../support/outbox-time.ts';
import { sleepOn, testClock } from '../support/test-clock.ts';
import { millisOf } from '../../src/core/domain/clock.ts';
import { TeamsLimiter } from '../../src/adapters/teams/teams-limiter.ts';

// Teams' time (the limiter's pacing and pauses, the stand-in's rate limits) is a test clock its waits move on.
const teamsTime = testClock();
const teamsMillis = millisOf(teamsTime.now);
const t = useTestBot({ teamsClock: teamsMillis });
let people: Member[];

beforeAll(() => {
  people = Array.from({ length: 6 }, (_, i) =>
    t.bot.teams.state.addMember(
      homeMember(`29:am${i}`, `Am${i} Person`, `0000000${i}-aaaa-4000-8000-00000000000${i}`),
      { installed: true },
    ),
  );
  t.bot.teams.state.installedFor.delete(people[4]!.id); // never installed the app
  t.bot.teams.state.blockedBy.add(people[5]!.id); // blocked the bot
});

const toUser = (m: Member, text: string): TeamsDelivery => ({
  to: { kind: 'user', aadObjectId: m.aadObjectId, tenantId: ids.homeTenant, serviceUrl: t.bot.teams.url },
  activity: { type: 'message', text },
  threadKey: `user:${m.aadObjectId}`,
  tenantId: ids.homeTenant,
});

/** The delivery engine of the test bot on Teams' test time, recording every outcome in `outcomes`. */
const engine = (outcomes: DeliveryOutcome[] = []) => ({
  ...teamsEngineFor(t.bot, t.tdb.db, async (_tx, _i, o) => void outcomes.push(o)),
  limiter: new TeamsLimiter(teamsMillis, sleepOn(teamsTime)),
});

/**
 * Drains until no message waits. When those left are not due yet, the outbox's time is moved on to the next one's
 * due instant (its Retry-After, backoff or lease): the test drives time rather than sleep through it.
 */
async function drainAll(outcomes: DeliveryOutcome[] = [], options: { batchSize?: number } = {}) {
  const outbox = outboxStore(t.tdb.db);
  const time = outboxTime(t.tdb.db);
  const deps = engine(outcomes);
  for (let i = 0; i < 40; i++) {
    await drainTeamsOutbox(deps, options);
    const c = await outbox.counts('teams');
    if (c.pending === 0 && c.in_flight === 0) return c;
    await time.elapse((await time.untilNextDue('teams')) ?? 0);
  }
  return outbox.counts('teams');
}

describe('The Teams delivery engine', () => {
  it(
    'When messages go to users without a stored chat, then the 1:1 chat is opened by Entra object id and ' +
      'each gets exactly one message; the unreachable are reported, not retried',
    async () => {
      await t.tdb.db.exec('DELETE FROM outbox');
      const outbox = outboxStore(t.tdb.db);
      for (const m of people)
        await outbox.enqueue(
          'teams',
          'prompt',
          `2026-10:${m.id}:prompt`,
          toUser(m, `Hello ${m.name}`) as unknown as Record<string, unknown>,
        );
      const outcomes: DeliveryOutcome[] = [];
      const counts = await drainAll(outcomes);
      expect(counts).toMatchObject({ done: 4, failed: 2, pending: 0 });
      for (const m of people.slice(0, 4))
        expect(t.bot.teams.sentTo(t.bot.teams.state.personalConversationId(m.id)).map((r) => r.activity.text)).toEqual([
          `Hello ${m.name}`,
        ]);
      const reasons = outcomes
        .filter((o) => o.status === 'unreachable')
        .map((o) => (o as { reason: string }).reason)
        .sort();
      expect(reasons).toEqual([
        'the app is not installed for the user (403 Forbidden)',
        'the user blocked the bot (403 MessageWritesBlocked)',
      ]);
    },
  );

  it('When Teams answers a storm of 429s, then everything is delivered after Retry-After, nothing twice, in order per thread', async () => {
    await t.tdb.db.exec('DELETE FROM outbox');
    t.bot.teams.received.length = 0;
    const outbox = outboxStore(t.tdb.db);
    for (const m of people.slice(0, 4)) {
      for (const n of [1, 2, 3])
        await outbox.enqueue(
          'teams',
          'note',
          `${m.id}:${n}`,
          toUser(m, `note ${n}`) as unknown as Record<string, unknown>,
        );
    }
    t.bot.teams.faults.push({
      op: ['send', 'create'],
      status: 429,
      code: 'TooManyRequests',
      retryAfterSeconds: 1,
      times: 25,
    });
    const counts = await drainAll();
    expect(counts).toMatchObject({ done: 12, failed: 0 });
    for (const m of people.slice(0, 4))
      expect(t.bot.teams.sentTo(t.bot.teams.state.personalConversationId(m.id)).map((r) => r.activity.text)).toEqual([
        'note 1',
        'note 2',
        'note 3',
      ]);
    expect(t.bot.teams.calls.filter((c) => c.status === 429).length).toBeGreaterThanOrEqual(20);
  }, 90_000);

  it(
    'When the first message of a thread is retried alone and its successors are due before it, then they ' +
      'wait for it (the interleaving of the 429 storm, made on purpose)',
    async () => {
      await t.tdb.db.exec('DELETE FROM outbox');
      t.bot.teams.received.length = 0;
      const outbox = outboxStore(t.tdb.db);
      const m = people[3]!;
      for (const n of [1, 2, 3])
        await outbox.enqueue(
          'teams',
          'note',
          `alone:${n}`,
          toUser(m, `note ${n}`) as unknown as Record<string, unknown>,
        );
      const chat = t.bot.teams.state.personalConversationId(m.id);
      // One message per claim: note 1 is claimed alone, so nothing in its batch is postponed behind it. Its 429 puts
      // it back for Retry-After while notes 2 and 3 are due at once: the timing under which a loaded machine sent
      // ['note 2', 'note 3', 'note 1']. (The 429 is on the send into the chat: botbuilder retries a create itself.)
      t.bot.teams.faults.push({
        op: ['send', 'reply'],
        conversationId: chat,
        status: 429,
        code: 'TooManyRequests',
        retryAfterSeconds: 60,
        times: 1,
      });
      const deps = engine();
      expect(await drainTeamsOutbox(deps, { batchSize: 1 })).toMatchObject({ delivered: 0, retrying: 1 });
      expect(t.bot.teams.received).toHaveLength(0);
      // 55 s on, within Retry-After: note 1 is not due, and notes 2 and 3, due all along, still wait for it.
      await outboxTime(t.tdb.db).elapse(55_000);
      expect(await drainTeamsOutbox(deps, { batchSize: 1 })).toMatchObject({ delivered: 0, retrying: 0 });
      expect(await drainAll([], { batchSize: 1 })).toMatchObject({ done: 3, pending: 0 });
      expect(t.bot.teams.sentTo(chat).map((r) => r.activity.text)).toEqual(['note 1', 'note 2', 'note 3']);
    },
  );

  it('When Teams answers 503, then botbuilder does not resend by itself: the engine retries after backoff, once', async () => {
    await t.tdb.db.exec('DELETE FROM outbox');
    t.bot.teams.received.length = 0;
    const outbox = outboxStore(t.tdb.db);
    const chat = t.bot.teams.state.personalConversationId(people[1]!.id);
    await outbox.enqueue(
      'teams',
      'note',
      'retry:1',
      toUser(people[1]!, 'after a 503') as unknown as Record<string, unknown>,
    );
    t.bot.teams.faults.push({ op: ['send', 'reply'], conversationId: chat, status: 503, times: 1 });
    expect(await drainTeamsOutbox(engine())).toMatchObject({ delivered: 0, retrying: 1 });
    expect(t.bot.teams.sentTo(chat)).toHaveLength(0);
    await drainAll();
    expect(t.bot.teams.sentTo(chat).map((r) => r.activity.text)).toEqual(['after a 503']);
  });

  it('When the process died while a send was under way, then that message is not sent again but reported as unknown', async () => {
    await t.tdb.db.exec('DELETE FROM outbox');
    const outbox = outboxStore(t.tdb.db);
    await outbox.enqueue(
      'teams',
      'prompt',
      '2026-10:005X:prompt',
      toUser(people[2]!, 'maybe arrived') as unknown as Record<string, unknown>,
    );
    const [item] = await outbox.claim('teams', 10, 60_000);
    await outbox.markSendStarted(item!, 60_000); // ...and the process dies before Teams answers
    const outcomes: DeliveryOutcome[] = [];
    // While the lease runs, its holder may still be sending: nothing is reported, nothing sent.
    expect(await drainTeamsOutbox(engine(outcomes))).toMatchObject({ delivered: 0, unknown: 0 });
    await outboxTime(t.tdb.db).elapse(60_000);
    await drainAll(outcomes);
    expect(outcomes).toEqual([
      { status: 'unknown', reason: 'the process stopped while this message was being sent; it may have arrived' },
    ]);
    expect((await outbox.counts('teams')).failed).toBe(1);
  });

  it('When the process died holding messages it had not sent yet, then they are sent once after the lease expires', async () => {
    await t.tdb.db.exec('DELETE FROM outbox');
    t.bot.teams.received.length = 0;
    const outbox = outboxStore(t.tdb.db);
    await outbox.enqueue(
      'teams',
      'prompt',
      'crash:1',
      toUser(people[0]!, 'after the crash') as unknown as Record<string, unknown>,
    );
    await outbox.claim('teams', 100, 60_000); // the dead process's lease
    expect((await drainTeamsOutbox(engine())).delivered).toBe(0);
    await outboxTime(t.tdb.db).elapse(60_000);
    await drainAll();
    expect(
      t.bot.teams.sentTo(t.bot.teams.state.personalConversationId(people[0]!.id)).map((r) => r.activity.text),
    ).toEqual(['after the crash']);
  });
});
