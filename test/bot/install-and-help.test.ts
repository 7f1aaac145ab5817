import { beforeAll, describe, expect, it } from 'vitest';
import { homeMember, ids, useTestBot, type TestBot } from '../support/start-test-bot.ts';
import type { Member } from '../../src/stand-ins/teams/teams-state.ts';
import { installationsStore } from '../../src/adapters/store/installations-store.ts';

const t = useTestBot();
let bot: TestBot;
let alice: Member;
let bob: Member;

beforeAll(() => {
  bot = t.bot;
  alice = bot.teams.state.addMember(homeMember('29:alice', 'Alice Archer', 'a1a1a1a1-0000-4000-8000-00000000a11c'), {
    installed: true,
  });
  bob = bot.teams.state.addMember(homeMember('29:bob', 'Bob Baker', 'b0b0b0b0-0000-4000-8000-00000000b0b0'), {
    installed: true,
  });
  bot.teams.state.addTeam({
    id: '19:team-acme@thread.tacv2',
    name: 'Acme account team',
    tenantId: ids.homeTenant,
    memberIds: [alice.id, bob.id],
  });
});

const installations = () => installationsStore(t.tdb.db);

function personalInstall(member: Member) {
  const chat = bot.teams.state.personalConversation(member);
  return {
    update: bot.teams.activity(chat, member.id, { type: 'installationUpdate', action: 'add' }),
    membersAdded: bot.teams.activity(chat, member.id, {
      type: 'conversationUpdate',
      membersAdded: [{ id: `28:${ids.appId}` }],
    }),
    chat,
  };
}

describe('Installing the app', () => {
  it(
    'When a user installs it personally, then the chat reference and the user (with e-mail from the ' +
      'roster) are stored and one welcome card is sent',
    async () => {
      const { update, membersAdded, chat } = personalInstall(alice);
      // Teams sends both events for one install, at nearly the same moment.
      const results = await Promise.all([bot.teams.deliver(update), bot.teams.deliver(membersAdded)]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      const saved = await installations().personalChatOf(alice.id);
      expect(saved).toMatchObject({
        scope: 'personal',
        tenantId: ids.homeTenant,
        userId: alice.id,
        serviceUrl: bot.teams.url,
      });
      // Stored in our own shape (src/core/ports/conversation-ref.ts), not botbuilder's, so a successor SDK reads it.
      expect(saved!.reference).toEqual({
        conversationId: chat.id,
        conversationType: 'personal',
        tenantId: ids.homeTenant,
        serviceUrl: bot.teams.url,
        botId: `28:${ids.appId}`,
        userId: alice.id,
      });
      const [user] = await t.tdb.db.query('SELECT * FROM teams_users WHERE id = $1', [alice.id]);
      expect(user).toMatchObject({
        aad_object_id: alice.aadObjectId,
        email: alice.email,
        upn: alice.userPrincipalName,
        tenant_id: ids.homeTenant,
      });
      expect(bot.teams.sentTo(chat.id)).toHaveLength(1);
    },
  );

  it('When the app is installed in a team, then the team channel reference is stored and nothing is posted', async () => {
    const general = bot.teams.state.conversation('19:team-acme@thread.tacv2')!;
    const res = await bot.teams.deliver(
      bot.teams.activity(general, bob.id, { type: 'conversationUpdate', membersAdded: [{ id: `28:${ids.appId}` }] }),
    );
    expect(res.status).toBe(200);
    const saved = await installations().byConversation(general.id);
    expect(saved).toMatchObject({
      scope: 'team',
      teamId: general.id,
      channelId: general.id,
      installedBy: bob.id,
      userId: null,
    });
    expect(bot.teams.received).toHaveLength(0);
  });

  it('When the app is removed and installed again, then it is marked uninstalled, then active again with a new welcome', async () => {
    const { update, chat } = personalInstall(alice);
    await bot.teams.deliver(update);
    await bot.teams.deliver({ ...update, id: 'remove-1', action: 'remove' });
    expect((await installations().byConversation(chat.id))!.uninstalledAt).toBeInstanceOf(Date);
    expect(await installations().personalChatOf(alice.id)).toBeUndefined();
    await bot.teams.deliver({ ...update, id: 'add-2' });
    expect((await installations().byConversation(chat.id))!.uninstalledAt).toBeNull();
    expect(bot.teams.sentTo(chat.id)).toHaveLength(2);
  });

  it('When the roster cannot be read, then the user is still stored from the activity and a warning is logged', async () => {
    bot.teams.faults.push({ op: 'member', status: 404, code: 'MemberNotFoundInConversation' });
    const { update } = personalInstall(bob);
    expect((await bot.teams.deliver(update)).status).toBe(200);
    const [user] = await t.tdb.db.query('SELECT * FROM teams_users WHERE id = $1', [bob.id]);
    expect(user).toMatchObject({ aad_object_id: bob.aadObjectId, email: null });
    expect(bot.logs.lines.some((l) => l.msg === 'could not read the member from the roster')).toBe(true);
  });
});

describe('Talking to the bot', () => {
  it('When a user types "help" in a channel with an @mention, then the help card lists the declared commands', async () => {
    const general = bot.teams.state.conversation('19:team-acme@thread.tacv2')!;
    const botAccount = { id: `28:${ids.appId}`, name: 'Partnership Pulse' };
    const res = await bot.teams.deliver(
      bot.teams.activity(general, alice.id, {
        type: 'message',
        text: '<at>Partnership Pulse</at> HELP',
        entities: [{ type: 'mention', text: '<at>Partnership Pulse</at>', mentioned: botAccount }],
      }),
    );
    expect(res.status).toBe(200);
    const [reply] = bot.teams.sentTo(general.id);
    const content = JSON.stringify(reply!.activity);
    expect(content).toContain('What I do and the commands I understand');
  });

  it('When a user types something unknown in the 1:1 chat, then a short reply points to help, and the chat is remembered without a welcome', async () => {
    const chat = bot.teams.state.personalConversation(alice);
    await bot.teams.deliver(bot.teams.activity(chat, alice.id, { type: 'message', text: 'what is the weather' }));
    const sent = bot.teams.sentTo(chat.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.activity.text).toMatch(/I don't know "what is the weather".*help/);
    expect(await installations().personalChatOf(alice.id)).toBeDefined();
  });

  it('When a handler fails, then the user gets a friendly message with a reference and the log has the ids but no token', async () => {
    const chat = bot.teams.state.personalConversation(alice);
    // The first send (the help card) is refused (400s are not retried); the error message that follows goes through.
    bot.teams.faults.push({ op: 'reply', conversationId: chat.id, status: 400, code: 'BadArgument', times: 1 });
    const activity = bot.teams.activity(chat, alice.id, { type: 'message', text: 'help' });
    const res = await bot.teams.deliver(activity);
    expect(res.status).toBe(200);
    const sent = bot.teams.sentTo(chat.id);
    expect(sent.at(-1)!.activity.text).toContain(`Reference: ${String(activity.id)}`);
    const failure = bot.logs.lines.find((l) => l.msg === 'turn failed')!;
    expect(failure).toMatchObject({ activityId: activity.id, conversationId: chat.id });
    expect(bot.logs.text()).not.toMatch(/Bearer ey/);
  });
});
