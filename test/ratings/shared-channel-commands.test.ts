/**
 * Commands typed in the channel shared with the client, against the Bot Connector stand-in (see ratings-world): the
 * shared channel is linked (purpose "shared"), so `scorecard` there must neither show the internal scorecard nor tell
 * anyone to link a channel that is linked already; it says where the joint scorecard is. Everyone in a channel reads
 * the bot's reply, whoever asked: `help` there lists only what the client's people may use.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useRatingsWorld } from '../support/ratings-world.ts';
import { ids } from '../support/start-test-bot.ts';
import type { Conversation } from '../../src/stand-ins/teams/teams-state.ts';

const w = useRatingsWorld();
const { say, linkBoth } = w;

beforeAll(async () => {
  await linkBoth();
});

describe('scorecard in the shared channel', () => {
  it(
    'When a client member or the account team types scorecard in the shared channel, then the bot says ' +
      'where the joint scorecard is, shows no internal figure and asks nobody to link',
    async () => {
      for (const who of ['c1', 'dana']) {
        const reply = await say(who, w.shared, 'scorecard');
        expect(reply).toContain('This channel is shared with the client: the joint scorecard is posted here');
        expect(reply).not.toMatch(/Type \*\*link\*\*|not linked|Client man-hours|revenue|risk/i);
      }
    },
  );
});

/** The commands a help card lists (its FactSet), in order. */
const listed = (reply: string) => [...reply.matchAll(/"title":"([^"]+)","value"/g)].map((m) => m[1]);
const CLIENT_COMMANDS = ['help', 'elements', 'irritants', 'actions', 'targets', 'rate'];

describe('help in the shared channel', () => {
  it('When a client member types help in the shared channel, then the card lists rate, irritants, elements and actions, and nothing internal', async () => {
    const reply = await say('c1', w.shared, 'help');
    expect(listed(reply)).toEqual(CLIENT_COMMANDS);
    expect(reply).toContain('propose another with elements propose');
    expect(reply).not.toMatch(/internal|link|start rating round|log meeting|Salesforce|account manager|revenue/i);
  });

  it('When Dana types help in the shared channel, then the card lists the same commands and says where her other commands are', async () => {
    const reply = await say('dana', w.shared, 'help');
    expect(listed(reply)).toEqual(CLIENT_COMMANDS);
    expect(reply).toContain("Account team: type help in our chat or in the account's internal channel");
    expect(reply).not.toMatch(/\b(unlink|link leadership|start rating round|log meeting)\b/);
  });

  it('When a channel not linked yet has a client member, then help there lists only the client commands too', async () => {
    const unlinked = w.t.bot.teams.state.addChannel('19:accounts@thread.tacv2', {
      id: '19:northwind-unlinked@thread.skype',
      memberIds: [w.m.dana!.id, '29:c1'],
    });
    for (const who of ['c1', 'dana']) expect(listed(await say(who, unlinked, 'help')), who).toEqual(CLIENT_COMMANDS);
  });

  it("When the channel's roster cannot be read (403: the app not enabled there), then help still answers, with the client commands only", async () => {
    const unread = w.t.bot.teams.state.addChannel('19:accounts@thread.tacv2', {
      id: '19:northwind-unread@thread.skype',
      memberIds: [w.m.dana!.id],
    });
    w.t.bot.teams.faults.push({
      conversationId: unread.id,
      op: ['members', 'pagedMembers', 'member'],
      status: 403,
      times: 50,
    });
    try {
      expect(listed(await say('dana', unread, 'help'))).toEqual(CLIENT_COMMANDS);
    } finally {
      w.t.bot.teams.faults.length = 0;
    }
  });

  it('When Dana types help in the internal channel, then the card lists every command', async () => {
    const reply = await say('dana', w.internal, 'help');
    expect(listed(reply)).toEqual(
      expect.arrayContaining(['link', 'unlink', 'scorecard', 'start rating round', 'rate']),
    );
  });

  it('When a client member types something unknown in the shared channel, then the reply names only the commands they may use', async () => {
    const reply = await say('c1', w.shared, 'what can you do');
    expect(reply).toContain(
      'Commands I understand: **help**, **elements**, **irritants**, **actions**, **targets**, **rate**.',
    );
    expect(reply).not.toMatch(/link|scorecard|start rating round|status/);
  });
});

describe("A person's own accounts stay in their 1:1 chat", () => {
  it(
    'When Dana types status or log meeting in the shared channel (or the internal one), or a check-in ' +
      'card verb reaches a channel, then she is pointed to the 1:1 chat and no account is named',
    async () => {
      for (const channel of [w.shared, w.internal])
        for (const command of ['status', 'log meeting']) {
          const reply = await say('dana', channel, command);
          expect(reply, command).toContain('in our 1:1 chat');
          expect(reply, command).not.toMatch(/Northwind|Wide World|Woodgrove|Answered|pending/);
        }
      for (const verb of ['return.list', 'return.open', 'meeting.log']) {
        const res = await w.act(w.m.dana!.id, w.shared, verb, {});
        expect(res.text, verb).toContain('in our 1:1 chat');
        expect(res.text, verb).not.toMatch(/Wide World|Woodgrove/);
      }
    },
  );

  it("When Dana types scorecard, status or log meeting in a group chat a client's person is in, then no account of hers is named", async () => {
    // Teams group chats may hold people of other organisations (https://learn.microsoft.com/microsoftteams/communicate-with-users-from-other-organizations).
    const group: Conversation = {
      id: '19:group-with-client@unq.gbl.spaces',
      type: 'groupChat',
      tenantId: ids.homeTenant,
      memberIds: [w.m.dana!.id, w.m.c1!.id],
      activities: new Map(),
    };
    w.t.bot.teams.state.conversations.set(group.id, group);
    for (const command of ['scorecard', 'status', 'log meeting']) {
      const reply = await say('dana', group, command);
      expect(reply, command).toContain('1:1 chat');
      expect(reply, command).not.toMatch(/Northwind|Wide World|Woodgrove|Your key accounts/);
    }
  });
});
