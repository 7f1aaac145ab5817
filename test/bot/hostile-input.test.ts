import { beforeAll, describe, expect, it } from 'vitest';
import { homeMember, ids, useTestBot } from '../support/start-test-bot.ts';
import { routeConsoleToLogger } from '../../src/platform/log/route-console.ts';
import type { Member } from '../../src/stand-ins/teams/teams-state.ts';

const t = useTestBot();
let alice: Member;

beforeAll(() => {
  alice = t.bot.teams.state.addMember(homeMember('29:alice', 'Alice Archer', 'a1a1a1a1-0000-4000-8000-00000000a11c'), {
    installed: true,
  });
});

const personal = () => t.bot.teams.state.personalConversation(alice);

describe('Hostile input on POST /api/messages', () => {
  it.each([
    [
      'the conversation id',
      (a: Record<string, unknown>) => ({ ...a, conversation: { id: 'a:1\u0000x', tenantId: ids.homeTenant } }),
    ],
    ['the message text', (a: Record<string, unknown>) => ({ ...a, text: 'status\u0000' })],
    [
      'the search text of the account typeahead',
      (a: Record<string, unknown>) => ({
        ...a,
        type: 'invoke',
        name: 'application/search',
        value: { queryText: 'North\u0000wind', dataset: 'accounts', queryOptions: { skip: 0, top: 15 } },
      }),
    ],
    ['a key of the card data', (a: Record<string, unknown>) => ({ ...a, value: { 'a\u0000': 1 } })],
  ])(
    'When %s holds a NUL character, then it answers 400 with the field, and nothing is stored or sent',
    async (_what, spoil) => {
      const res = await t.bot.teams.deliver(
        spoil(t.bot.teams.activity(personal(), alice.id, { type: 'message', text: 'help' })),
      );
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('NUL character');
      expect(t.bot.teams.received).toHaveLength(0);
      expect(await t.tdb.db.query('SELECT * FROM teams_users')).toHaveLength(0);
    },
  );

  it.each([
    ['an empty entity', [{}]],
    ['an entity whose type is null', [{ type: null }]],
    ['a string', 'x'],
    ['a mention without its mentioned id', [{ type: 'mention', text: '<at>Pulse</at>' }]],
  ])('When the entities are %s, then it answers 400 naming entities, and no turn runs', async (_what, entities) => {
    const activity = t.bot.teams.activity(personal(), alice.id, { type: 'message', text: 'help' });
    const res = await t.bot.teams.deliver({ ...activity, entities });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('entities');
    expect(t.bot.teams.received).toHaveLength(0);
    expect(t.bot.logs.text()).not.toMatch(/turn failed|fault/i);
    expect(await t.tdb.db.query('SELECT * FROM teams_users')).toHaveLength(0);
  });

  it('When a message mentioning the bot has a text that is not a string, then it answers 400 naming text, and no turn runs', async () => {
    const activity = t.bot.teams.activity(personal(), alice.id, { type: 'message', text: 'help' });
    const recipient = activity.recipient as { id: string };
    const entities = [{ type: 'mention', text: '<at>Pulse</at>', mentioned: { id: recipient.id, name: 'Pulse' } }];
    const res = await t.bot.teams.deliver({ ...activity, text: 5, entities });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('text');
    expect(t.bot.teams.received).toHaveLength(0);
  });

  it('When an activity names another tenant in channelData than in its conversation, then it answers 400 and no turn runs', async () => {
    const activity = t.bot.teams.activity(personal(), alice.id, { type: 'message', text: 'help' });
    // The allow-listed tenant where the allow-list looks first, another where the conversation names it.
    const forged = {
      ...activity,
      channelData: { ...(activity.channelData as object), tenant: { id: ids.homeTenant } },
      conversation: { ...(activity.conversation as object), tenantId: ids.otherTenant },
    };
    const res = await t.bot.teams.deliver(forged);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('differs from conversation.tenantId');
    expect(t.bot.teams.received).toHaveLength(0);
    expect(await t.tdb.db.query('SELECT * FROM teams_users')).toHaveLength(0);
  });

  it('When an unknown command carries a Markdown link, then the reply does not echo it as a link', async () => {
    const text = 'hello [click here](https://evil.example/phish) **now** <at>Everyone</at>';
    const res = await t.bot.teams.deliver(t.bot.teams.activity(personal(), alice.id, { type: 'message', text }));
    expect(res.status).toBe(200);
    const [reply] = t.bot.teams.sentTo(personal().id);
    const said = String(reply!.activity.text);
    expect(said).toContain("I don't know");
    expect(said).not.toMatch(/\]\(|https?:\/\/|<at>|\*\*now/);
  });

  it('When botbuilder prints a rejected token error, then it goes through our logger, without keys or stacks on stderr', async () => {
    const written: string[] = [];
    const originalWrite = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    const restore = routeConsoleToLogger(t.bot.logs.log);
    try {
      const expired = await t.bot.teams.channelToken({ expiresInSeconds: -3600 });
      const activity = t.bot.teams.activity(personal(), alice.id, { type: 'message', text: 'help' });
      expect((await t.bot.teams.deliver(activity, `Bearer ${expired}`)).status).toBe(401);
    } finally {
      restore();
      process.stderr.write = originalWrite;
    }
    expect(written.join('')).toBe('');
    const library = t.bot.logs.lines.filter((l) => l.source === 'console');
    expect(library.length).toBeGreaterThan(0);
    expect(JSON.stringify(library)).not.toMatch(/\n\s+at |BEGIN|"n":"|"e":"AQAB"/);
  });
});
