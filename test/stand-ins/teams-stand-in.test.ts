import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TeamsInfo, TurnContext, type ConversationReference, type TeamsChannelAccount } from 'botbuilder';
import type { TeamsStandIn } from '../support/teams-stand-in.ts';
import {
  LimitCounter,
  PER_APP_PER_TENANT,
  PER_BOT_PER_THREAD,
  PER_THREAD_ALL_BOTS,
  type DocumentedLimit,
} from '../../src/stand-ins/teams/documented-limits.ts';
import type { Member } from '../../src/stand-ins/teams/teams-state.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { ids, startTestBot, type TestBot } from '../support/start-test-bot.ts';

const member = (id: string, tenantId: string, name = `User ${id}`): Member => ({
  id,
  name,
  aadObjectId: `${id.replace(/\W/g, '')}-oid`,
  email: `${id.replace(/\W/g, '')}@x.example`,
  userPrincipalName: `${id.replace(/\W/g, '')}@x.example`,
  tenantId,
  userRole: tenantId === ids.homeTenant ? 'user' : 'guest',
});

/**
 * [max, seconds] as https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit states them,
 * written out again by hand so that a wrong number in documented-limits.ts turns a test red.
 */
const PAGE = {
  perBotPerThread: [
    [7, 1],
    [8, 2],
    [60, 30],
    [1800, 3600],
  ],
  allBotsPerThread: [
    [14, 1],
    [16, 2],
  ],
  perAppPerTenant: [[50, 1]],
} as const;

/**
 * Spreads `max` operations evenly over `seconds` (from instant 0), then expects one more 1 ms before the period
 * ends to be refused with a wait of 1 ms, and one at its end (the first has left it) to be admitted.
 */
function expectLimitOf(limits: readonly DocumentedLimit[], max: number, seconds: number): void {
  let now = 0;
  const counter = new LimitCounter(limits, () => now);
  const periodMs = seconds * 1000;
  const admitted = Array.from({ length: max }, (_, i) => {
    now = (i * periodMs) / max;
    return counter.take('k');
  });
  expect(admitted.every((wait) => wait === 0)).toBe(true);
  now = periodMs - 1;
  expect(counter.take('k')).toBe(1);
  now = periodMs;
  expect(counter.take('k')).toBe(0);
}

describe("The stand-in's rate limits, against Microsoft's documented numbers", () => {
  it.each(PAGE.perBotPerThread)(
    'When one bot sends %i messages to one thread within %i s, then the next in that period waits for the first to leave it',
    (max, seconds) => expectLimitOf(PER_BOT_PER_THREAD, max, seconds),
  );

  it.each(PAGE.perAppPerTenant)(
    'When one app makes %i requests in one tenant within %i s, then the next in that period waits for the first to leave it',
    (max, seconds) => expectLimitOf(PER_APP_PER_TENANT, max, seconds),
  );

  it(
    'When the documented all-bots limits are compared with the per-bot ones, then the one bot the ' +
      'stand-in serves meets its own first (so the stand-in need not count them)',
    () => {
      expect(PER_THREAD_ALL_BOTS).toEqual(PAGE.allBotsPerThread.map(([max, seconds]) => ({ max, seconds })));
      for (const [max, seconds] of PAGE.allBotsPerThread)
        expect(PER_BOT_PER_THREAD.find((l) => l.seconds === seconds)?.max).toBeLessThan(max);
    },
  );
});

describe('The Bot Connector stand-in', () => {
  let tdb: TestDatabase;
  let bot: TestBot;
  let teams: TeamsStandIn;
  let token: string;
  // The instant the stand-in's rate limits count by; each test starts an hour after the last, past every window.
  let now = Date.UTC(2026, 11, 1);

  beforeAll(async () => {
    tdb = await openTestDatabase();
    bot = await startTestBot(tdb.db, { teamsClock: () => now });
    teams = bot.teams;
    const res = await fetch(`${teams.url}/botframework.com/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: ids.appId,
        client_secret: ids.appPassword,
        scope: 'https://api.botframework.com/.default',
      }),
    });
    token = ((await res.json()) as { access_token: string }).access_token;
    teams.state.addMember(member('29:am', ids.homeTenant, 'Ann Manager'), { installed: true });
    teams.state.addMember(member('29:new', ids.homeTenant), { installed: false });
    teams.state.addMember(member('29:blocker', ids.homeTenant), { installed: true });
    teams.state.blockedBy.add('29:blocker');
    teams.state.addMember(member('29:client', ids.clientTenant, 'Chris Client'));
    const t = teams.state.addTeam({
      id: '19:acme@thread.tacv2',
      name: 'Acme account team',
      tenantId: ids.homeTenant,
      memberIds: ['29:am', '29:new'],
    });
    teams.state.addChannel(t.id, { id: '19:acme-shared@thread.skype', memberIds: ['29:am', '29:client'] });
  });
  afterAll(async () => {
    await bot.stop();
    await tdb.close();
  });
  beforeEach(() => {
    now += 3_600_000;
    teams.faults.length = 0;
    teams.received.length = 0;
  });

  const post = (path: string, body: unknown, auth = `Bearer ${token}`) =>
    fetch(`${teams.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify(body),
    });

  const proactive = (memberId: string) => ({
    isGroup: false,
    bot: { id: `28:${ids.appId}`, name: 'Partnership Pulse' },
    members: [{ id: memberId, name: '' }],
    tenantId: ids.homeTenant,
    channelData: { tenant: { id: ids.homeTenant } },
  });

  it('When a call has no valid bearer token, then it is 401', async () => {
    expect((await post('/v3/conversations/x/activities', { type: 'message' }, 'Bearer forged')).status).toBe(401);
  });

  it('When the bot creates a 1:1 chat through botbuilder and writes to it, then the stand-in records it in that chat', async () => {
    let reference: Partial<ConversationReference> | undefined;
    await bot.app.adapter.createConversationAsync(
      ids.appId,
      'msteams',
      teams.url,
      'https://api.botframework.com',
      proactive('29:am'),
      async (context) => {
        reference = TurnContext.getConversationReference(context.activity);
        await context.sendActivity('Hello Ann');
      },
    );
    const chatId = teams.state.personalConversationId('29:am');
    expect(reference?.conversation?.id).toBe(chatId);
    expect(teams.sentTo(chatId).map((r) => r.activity.text)).toEqual(['Hello Ann']);
  });

  it('When the user has not installed the app or blocked the bot, then create and send are refused with Teams codes', async () => {
    const notInstalled = await post('/v3/conversations', proactive('29:new'));
    expect(notInstalled.status).toBe(403);
    const blockedChat = teams.state.personalConversation(teams.state.members.get('29:blocker')!);
    const blocked = await post(`/v3/conversations/${encodeURIComponent(blockedChat.id)}/activities`, {
      type: 'message',
      text: 'hi',
    });
    expect(blocked.status).toBe(403);
    expect(await blocked.json()).toEqual({
      error: { code: 'MessageWritesBlocked', message: 'The user has blocked the bot.' },
    });
    expect(
      (await post('/v3/conversations', { ...proactive('x'), members: [{ id: '29:am', aadObjectId: 'x' }] })).status,
    ).toBe(400);
  });

  it(
    'When a bot sends 9 messages to one thread in one instant, then the last 2 get 429 with Retry-After ' +
      '1 and are not recorded; a second later the 8 per 2 s limit admits one more',
    async () => {
      const chat = teams.state.personalConversation(teams.state.members.get('29:am')!);
      const send = (text: string) =>
        post(`/v3/conversations/${encodeURIComponent(chat.id)}/activities`, { type: 'message', text });
      const first: Response[] = [];
      for (let i = 0; i < 9; i++) first.push(await send(`n${i}`));
      expect(first.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201, 201, 429, 429]);
      expect(first.slice(7).map((r) => r.headers.get('retry-after'))).toEqual(['1', '1']);
      expect(teams.sentTo(chat.id).map((r) => r.activity.text)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
      now += 1000;
      const later = [await send('n9'), await send('n10')];
      expect(later.map((r) => r.status)).toEqual([201, 429]);
      expect(later[1]!.headers.get('retry-after')).toBe('1');
    },
  );

  it(
    'When one tenant makes 60 requests in one instant, then 50 are answered and the other 10 get 429 ' +
      'with Retry-After 1; a second later it is answered again',
    async () => {
      const readTeam = () =>
        fetch(`${teams.url}/v3/teams/${encodeURIComponent('19:acme@thread.tacv2')}`, {
          headers: { authorization: `Bearer ${token}` },
        });
      const results = await Promise.all(Array.from({ length: 60 }, readTeam));
      expect(results.filter((r) => r.status === 200)).toHaveLength(50);
      const limited = results.filter((r) => r.status === 429);
      expect(limited).toHaveLength(10);
      expect(limited.every((r) => r.headers.get('retry-after') === '1')).toBe(true);
      now += 1000;
      expect((await readTeam()).status).toBe(200);
    },
  );

  it('When a fault is injected, then matching calls fail that many times with the given status and Retry-After, then succeed', async () => {
    teams.faults.push({ op: 'team', status: 503, retryAfterSeconds: 2, times: 2 });
    const path = `${teams.url}/v3/teams/${encodeURIComponent('19:acme@thread.tacv2')}`;
    const headers = { authorization: `Bearer ${token}` };
    const a = await fetch(path, { headers });
    const b = await fetch(path, { headers });
    const c = await fetch(path, { headers });
    expect([a.status, b.status, c.status]).toEqual([503, 503, 200]);
    expect(a.headers.get('retry-after')).toBe('2');
    expect(await c.json()).toMatchObject({
      id: '19:acme@thread.tacv2',
      name: 'Acme account team',
      aadGroupId: 'group-19:acme@thread.tacv2',
    });
  });

  it('When a message exceeds 100 KB, then it is refused with MessageSizeTooBig', async () => {
    const chat = teams.state.personalConversation(teams.state.members.get('29:am')!);
    const res = await post(`/v3/conversations/${encodeURIComponent(chat.id)}/activities`, {
      type: 'message',
      text: 'x'.repeat(101 * 1024),
    });
    expect(res.status).toBe(413);
  });

  it('When botbuilder reads a shared channel roster, then members from both tenants come back with tenant ids, paged', async () => {
    const shared = teams.state.conversation('19:acme-shared@thread.skype')!;
    const reference = {
      ...teams.activity(shared, '29:am', { type: 'message' }),
      bot: { id: `28:${ids.appId}` },
      user: { id: '29:am' },
    };
    let page: TeamsChannelAccount[] = [];
    let token2: string | undefined;
    let client: TeamsChannelAccount | undefined;
    let teamDetails: unknown;
    await bot.app.adapter.continueConversationAsync(ids.appId, reference as never, async (context) => {
      const first = await TeamsInfo.getPagedMembers(context, 1);
      page = first.members;
      token2 = first.continuationToken;
      client = await TeamsInfo.getMember(context, '29:client');
      teamDetails = await TeamsInfo.getTeamDetails(context, '19:acme@thread.tacv2');
    });
    expect(page).toHaveLength(1);
    expect(token2).toBe('1');
    expect(client).toMatchObject({ tenantId: ids.clientTenant, userRole: 'guest', name: 'Chris Client' });
    expect(teamDetails).toMatchObject({ name: 'Acme account team' });
  });

  it('When the bot posts, replies, updates and deletes in a channel, then each is recorded against that thread', async () => {
    const general = teams.state.conversation('19:acme@thread.tacv2')!;
    const reference = { ...teams.activity(general, '29:am', { type: 'message' }), bot: { id: `28:${ids.appId}` } };
    await bot.app.adapter.continueConversationAsync(ids.appId, reference as never, async (context) => {
      // botbuilder 4.23 returns the new thread's id (`<channel>;messageid=<root activity id>`), not the activity id.
      const [, threadId] = await TeamsInfo.sendMessageToTeamsChannel(
        context,
        { type: 'message', text: 'Scorecard v1' } as never,
        general.id,
        ids.appId,
      );
      const activityId = threadId.split(';messageid=')[1]!;
      await context.updateActivity({
        id: activityId,
        type: 'message',
        text: 'Scorecard v2',
        conversation: { id: threadId },
      } as never);
      await context.deleteActivity({ activityId, conversation: { id: threadId } } as never);
    });
    expect(teams.received.map((r) => r.op)).toEqual(['create', 'update', 'delete']);
    expect(teams.received[1]!.activity.text).toBe('Scorecard v2');
  });
});
