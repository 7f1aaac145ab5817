import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TeamsInfo, TurnContext, type ConversationReference, type TeamsChannelAccount } from 'botbuilder';
import type { TeamsStandIn } from './teams/teams-stand-in.ts';
import { SlidingWindowLimiter, THREAD_WINDOWS } from '../../src/delivery/sliding-window-limiter.ts';
import type { Member } from './teams/teams-state.ts';
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

describe('The sliding-window limiter', () => {
  it("When Teams' per-thread windows fill, then each answers with the wait until a slot frees", () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(THREAD_WINDOWS, () => now);
    for (let i = 0; i < 7; i++) expect(limiter.take('t')).toBe(0);
    expect(limiter.take('t')).toBe(1000); // 7 per 1 s
    now = 1000;
    expect(limiter.take('t')).toBe(0); // the 8th within 2 s
    expect(limiter.take('t')).toBe(1000); // 8 per 2 s: wait until the first event is 2 s old
    now = 2000;
    expect(limiter.take('t')).toBe(0);
    expect(limiter.take('other')).toBe(0);
  });

  it('When 60 sends land in 30 s, then the 61st waits for the oldest to leave the window', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(THREAD_WINDOWS, () => now);
    for (let i = 0; i < 60; i++) {
      now = i * 400;
      expect(limiter.take('t')).toBe(0);
    }
    now = 60 * 400;
    expect(limiter.take('t')).toBe(30_000 - 60 * 400);
  });
});

describe('The Bot Connector stand-in', () => {
  let tdb: TestDatabase;
  let bot: TestBot;
  let teams: TeamsStandIn;
  let token: string;

  beforeAll(async () => {
    tdb = await openTestDatabase();
    bot = await startTestBot(tdb.db);
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

  it('When a bot sends more than 7 messages to one thread in a second, then it gets 429 with Retry-After and nothing is recorded', async () => {
    const chat = teams.state.personalConversation(teams.state.members.get('29:am')!);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 9; i++) {
      const res = await post(`/v3/conversations/${encodeURIComponent(chat.id)}/activities`, {
        type: 'message',
        text: `n${i}`,
      });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(7);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(teams.sentTo(chat.id).length).toBe(statuses.filter((s) => s === 201).length);
  });

  it('When one tenant makes more than 50 requests in a second, then the surplus gets 429', async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, () =>
        fetch(`${teams.url}/v3/teams/${encodeURIComponent('19:acme@thread.tacv2')}`, {
          headers: { authorization: `Bearer ${token}` },
        }),
      ),
    );
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(10);
    expect(limited.every((r) => Number(r.headers.get('retry-after')) >= 1)).toBe(true);
  });

  it('When a fault is injected, then matching calls fail that many times with the given status and Retry-After, then succeed', async () => {
    await new Promise((r) => setTimeout(r, 1100)); // let the tenant window from the previous test drain
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
    await new Promise((r) => setTimeout(r, 1100));
    const chat = teams.state.personalConversation(teams.state.members.get('29:am')!);
    const res = await post(`/v3/conversations/${encodeURIComponent(chat.id)}/activities`, {
      type: 'message',
      text: 'x'.repeat(101 * 1024),
    });
    expect(res.status).toBe(413);
  });

  it('When botbuilder reads a shared channel roster, then members from both tenants come back with tenant ids, paged', async () => {
    await new Promise((r) => setTimeout(r, 1100));
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
    await new Promise((r) => setTimeout(r, 1100));
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
