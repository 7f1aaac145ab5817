import { beforeAll, describe, expect, it } from 'vitest';
import { homeMember, ids, useTestBot, type TestBot } from '../support/start-test-bot.ts';
import { makeSigningKey, unsignedToken } from '../../src/stand-ins/teams/token-issuer.ts';
import type { Member } from '../../src/stand-ins/teams/teams-state.ts';

const t = useTestBot({ endorsements: ['msteams'] });
let bot: TestBot;
let alice: Member;

beforeAll(() => {
  bot = t.bot;
  alice = bot.teams.state.addMember(homeMember('29:alice', 'Alice Archer', 'a1a1a1a1-0000-4000-8000-00000000a11c'), {
    installed: true,
  });
});

function helpMessage(overrides: Record<string, unknown> = {}) {
  const chat = bot.teams.state.personalConversation(alice);
  return { ...bot.teams.activity(chat, alice.id, { type: 'message', text: 'help' }), ...overrides };
}

async function nothingHappened() {
  expect(bot.teams.received).toHaveLength(0);
  expect(await t.tdb.db.query('SELECT * FROM teams_users')).toHaveLength(0);
  expect(await t.tdb.db.query('SELECT * FROM installations')).toHaveLength(0);
}

describe('POST /api/messages in Teams mode', () => {
  it('When the token is valid, then the help card is sent and the chat is recorded', async () => {
    const res = await bot.teams.deliver(helpMessage());
    expect(res.status).toBe(200);
    const sent = bot.teams.sentTo(bot.teams.state.personalConversationId(alice.id));
    expect(sent).toHaveLength(1);
    const card = (
      sent[0]!.activity.attachments as { contentType: string; content: { body: { text?: string }[] } }[]
    )[0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.body[0]!.text).toBe('Partnership Pulse');
    const [user] = await t.tdb.db.query<{ email: string; aad_object_id: string }>('SELECT * FROM teams_users');
    expect(user).toMatchObject({ email: alice.email, aad_object_id: alice.aadObjectId });
  });

  const rejected: [string, () => Promise<string | null>, Record<string, unknown>?][] = [
    ['there is no Authorization header', async () => null],
    [
      'the token is unsigned (alg none)',
      async () =>
        `Bearer ${unsignedToken({ iss: 'https://api.botframework.com', aud: ids.appId, serviceurl: bot.teams.url, exp: Math.floor(Date.now() / 1000) + 600 })}`,
    ],
    [
      'the token is signed with a key the metadata does not publish',
      async () => `Bearer ${await bot.teams.channelToken({ key: await makeSigningKey('channel-key-1') })}`,
    ],
    ['the token expired', async () => `Bearer ${await bot.teams.channelToken({ expiresInSeconds: -3600 })}`],
    [
      'the audience is another app',
      async () => `Bearer ${await bot.teams.channelToken({ aud: '99999999-2222-4333-8444-555555555555' })}`,
    ],
    [
      'the issuer is not the Bot Framework',
      async () => `Bearer ${await bot.teams.channelToken({ iss: 'https://evil.example.com' })}`,
    ],
    [
      'the serviceurl claim differs from activity.serviceUrl',
      async () => `Bearer ${await bot.teams.channelToken({ serviceUrl: 'https://smba.trafficmanager.net/evil/' })}`,
    ],
    [
      'the key is endorsed for msteams but the activity claims another channel',
      async () => `Bearer ${await bot.teams.channelToken()}`,
      { channelId: 'webchat' },
    ],
  ];

  for (const [when, header, overrides] of rejected) {
    it(`When ${when}, then it answers 401 and no handler runs`, async () => {
      const res = await bot.teams.deliver(helpMessage(overrides), await header());
      expect(res.status).toBe(401);
      await nothingHappened();
    });
  }

  it('When the tenant is not allow-listed, then it answers 403 and no handler runs', async () => {
    const stranger = bot.teams.state.addMember(
      { ...alice, id: '29:mallory', aadObjectId: 'e1e1e1e1-0000-4000-8000-00000000e11e', tenantId: ids.otherTenant },
      { installed: true },
    );
    const chat = bot.teams.state.personalConversation(stranger);
    const res = await bot.teams.deliver(bot.teams.activity(chat, stranger.id, { type: 'message', text: 'help' }));
    expect(res.status).toBe(403);
    await nothingHappened();
  });

  it('When the activity carries no tenant at all, then it answers 403 (fail closed)', async () => {
    const activity = helpMessage();
    delete (activity as { channelData?: unknown }).channelData;
    (activity.conversation as { tenantId?: string }).tenantId = undefined;
    const res = await bot.teams.deliver(activity);
    expect(res.status).toBe(403);
    await nothingHappened();
  });

  it('When the body is not an activity, then it answers 400 with the reason', async () => {
    const res = await bot.teams.deliver({ type: 'message', text: 'help' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('serviceUrl');
    await nothingHappened();
  });

  it('When requests are rejected, then the logs hold no token', async () => {
    const token = await bot.teams.channelToken({ expiresInSeconds: -3600 });
    await bot.teams.deliver(helpMessage(), `Bearer ${token}`);
    expect(bot.logs.text()).not.toContain(token.split('.')[2]!);
    expect(bot.logs.text()).not.toContain(ids.appPassword);
  });
});
