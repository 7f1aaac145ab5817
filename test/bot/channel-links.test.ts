import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids, useTestBot } from '../support/start-test-bot.ts';
import type { startSalesforce } from '../support/start-salesforce.ts';
import { addDemoPerson, syncedDemoOrg } from '../support/demo-people.ts';
import { invokeValue } from '../support/card-client.ts';
import { channelLinksStore } from '../../src/adapters/store/channel-links-store.ts';
import type { Conversation, Member } from '../../src/stand-ins/teams/teams-state.ts';
import { channelEvents } from '../../src/stand-ins/teams/channel-events.ts';

// Each test has a bot, database and demo org of its own, and links what it needs.
const t = useTestBot({ perTest: true, allowedTenantIds: [ids.homeTenant] });
let sf: Awaited<ReturnType<typeof startSalesforce>>;
const m: Record<string, Member> = {};
let channels: Conversation[];
const botAt = () => ({ id: `28:${ids.appId}`, name: 'Partnership Pulse' });

beforeEach(async () => {
  sf = await syncedDemoOrg(t.bot, t.tdb.db);
  for (const [i, key] of ['dana', 'marco', 'sam'].entries())
    m[key] = await addDemoPerson(t.bot, t.tdb.db, key, `aad-${key}-${i}`);
  m.client = t.bot.teams.state.addMember({
    id: '29:client',
    name: 'Chris Client',
    aadObjectId: 'aad-client',
    email: 'chris@client.example',
    userPrincipalName: 'chris@client.example',
    tenantId: ids.clientTenant,
    userRole: 'guest',
  });
  const team = t.bot.teams.state.addTeam({
    id: '19:accounts@thread.tacv2',
    name: 'Key accounts',
    tenantId: ids.homeTenant,
    memberIds: [m.dana!.id, m.marco!.id, m.sam!.id],
  });
  channels = [
    t.bot.teams.state.conversation(team.id)!,
    t.bot.teams.state.addChannel(team.id, { id: '19:contoso@thread.tacv2' }),
    t.bot.teams.state.addChannel(team.id, { id: '19:leaders@thread.tacv2' }),
    // A shared channel with the client: its own roster, with a member from the client's tenant.
    t.bot.teams.state.addChannel(team.id, {
      id: '19:northwind-shared@thread.skype',
      memberIds: [m.dana!.id, m.client!.id],
    }),
  ];
});
afterEach(() => sf.sf.stop());

const accountId = async (name: string) =>
  (await t.tdb.db.query<{ id: string }>('SELECT id FROM sf_accounts WHERE name = $1', [name]))[0]!.id;

async function say(key: string, channel: Conversation, text: string): Promise<string> {
  const before = t.bot.teams.received.length;
  const res = await t.bot.teams.deliver(
    t.bot.teams.activity(channel, m[key]!.id, {
      type: 'message',
      text: `<at>Partnership Pulse</at> ${text}`,
      entities: [{ type: 'mention', text: '<at>Partnership Pulse</at>', mentioned: botAt() }],
    }),
  );
  expect(res.status).toBe(200);
  return t.bot.teams.received
    .slice(before)
    .map((r) => JSON.stringify(r.activity))
    .join('\n');
}

async function link(key: string, channel: Conversation, account: string) {
  const res = await t.bot.teams.deliver(
    t.bot.teams.activity(channel, m[key]!.id, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: invokeValue({ verb: 'channel.link', data: {}, title: '' }, { accountId: await accountId(account) }),
    }),
  );
  return JSON.stringify(res.body);
}

/** Dana links the team's General channel to Northwind, as the second test does. */
async function linkNorthwind() {
  expect(await link('dana', channels[0]!, 'Northwind Logistics')).toContain('now linked to Northwind Logistics');
}

describe('Linking a channel to its key account', () => {
  it('When Dana types link in a channel, then she can choose only the key accounts whose team she is on', async () => {
    const out = await say('dana', channels[0]!, 'link');
    expect(out).toContain('Northwind Logistics');
    expect(out).not.toContain('Contoso Pharma'); // Marco's account
  });

  it('When Dana links Northwind, then the channel is linked and linked says so', async () => {
    expect(await link('dana', channels[0]!, 'Northwind Logistics')).toContain('now linked to Northwind Logistics');
    expect(await say('dana', channels[0]!, 'linked')).toContain('linked to **Northwind Logistics**');
  });

  it('When someone off the account team tries to link it, then it is refused and logged', async () => {
    expect(await link('marco', channels[1]!, 'Northwind Logistics')).toContain('Only the account team');
    expect(t.bot.logs.lines.some((l) => l.msg === 'refused to link an account the user is not on the team of')).toBe(
      true,
    );
    expect(await channelLinksStore(t.tdb.db).byChannel(channels[1]!.id)).toBeUndefined();
  });

  it('When the sales director (on every account team in Salesforce) links another account, then it works, but an account has one channel', async () => {
    await linkNorthwind();
    expect(await link('sam', channels[1]!, 'Contoso Pharma')).toContain('now linked to Contoso Pharma');
    expect(await link('sam', channels[1]!, 'Northwind Logistics')).toContain('already linked to another channel');
  });

  it("When a member from the client's tenant tries, then they are refused politely (not told about our Salesforce)", async () => {
    const out = await say('client', channels[3]!, 'unlink');
    expect(out).toContain('Linking this channel is done by the account team on our side');
    expect(out).not.toContain('Salesforce');
  });

  it(
    'When Dana links the channel shared with the client, then it is not linked as an internal channel: ' +
      'she is asked to confirm it as the shared channel (client-safe content only)',
    async () => {
      const out = await link('dana', channels[3]!, 'Northwind Logistics');
      expect(out).toContain('Link it as the channel shared with the client of Northwind Logistics');
      expect(out).toContain(ids.clientTenant);
      expect(await channelLinksStore(t.tdb.db).byChannel(channels[3]!.id)).toBeUndefined();
    },
  );

  it(
    "When Teams says a channel was shared with the client's team before any client member joined, then " +
      'link offers that tenant for the shared channel instead of linking it as internal; an unshare ' +
      'forgets it',
    async () => {
      const channel = t.bot.teams.state.addChannel(channels[0]!.teamId!, {
        id: '19:contoso-shared@thread.skype',
        memberIds: [m.sam!.id],
      });
      const events = channelEvents(t.bot.teams);
      await t.bot.teams.deliver(events.shared(channel, m.sam!.id, ids.clientTenant));
      const out = await link('sam', channel, 'Contoso Pharma');
      expect(out).toContain('Link it as the channel shared with the client of Contoso Pharma');
      expect(out).toContain(ids.clientTenant);
      expect(await channelLinksStore(t.tdb.db).byChannel(channel.id)).toBeUndefined();
      await t.bot.teams.deliver(events.unshared(channel, m.sam!.id, ids.clientTenant));
      expect(await channelLinksStore(t.tdb.db).sharedWith(channel.id)).toEqual([]);
    },
  );

  it(
    'When someone types scorecard in the linked channel, then the internal scorecard of its account is ' +
      'shown; in the 1:1 chat, my accounts with their status',
    async () => {
      await linkNorthwind();
      const out = await say('dana', channels[0]!, 'scorecard');
      expect(out).toContain('Northwind Logistics:');
      expect(out).toContain('No return this month: no data.');
      expect(out).toContain('Incomplete: no return from the account manager for this month.');
      // No month has a return yet: no chart of zeros, the months are listed as no data.
      expect(out).not.toContain('Chart.VerticalBar');
      expect(out).toMatch(/Client man-hours, last six months: (\w+ no data, ){5}\w+ no data/);
      const chat = t.bot.teams.state.personalConversation(m.dana!);
      await t.bot.teams.deliver(t.bot.teams.activity(chat, m.dana!.id, { type: 'message', text: 'scorecard' }));
      expect(String(t.bot.teams.sentTo(chat.id).at(-1)!.activity.text)).toMatch(
        /Your key accounts, .*\n\n- \*\*Northwind Logistics\*\*: no data; no return/,
      );
    },
  );

  it(
    'When a linked channel gains a member from another tenant, then scorecard refuses to show internal ' +
      'data there, and linked says why nothing is posted',
    async () => {
      await linkNorthwind();
      expect(await say('dana', channels[0]!, 'linked')).not.toContain('outside our organisation');
      channels[0]!.memberIds.push(m.client!.id);
      try {
        const out = await say('dana', channels[0]!, 'scorecard');
        expect(out).toContain('members from outside our organisation');
        expect(out).not.toContain('Chart.VerticalBar');
        expect(await say('dana', channels[0]!, 'linked')).toContain(
          'it now has members from outside our organisation, so nothing internal is posted here',
        );
      } finally {
        channels[0]!.memberIds.pop();
      }
    },
  );

  it('When only the account team may unlink, then Marco cannot and Dana can', async () => {
    await linkNorthwind();
    expect(await say('marco', channels[0]!, 'unlink')).toContain('Only the account team can unlink');
    expect(await say('dana', channels[0]!, 'unlink')).toContain('no longer linked to Northwind Logistics');
  });

  it('When a sales leader marks the leadership channel, then it is set; an account manager may not', async () => {
    expect(await say('dana', channels[2]!, 'link leadership')).toContain('Only a sales leader');
    expect(await say('sam', channels[2]!, 'link leadership')).toContain('now the leadership channel');
    expect((await channelLinksStore(t.tdb.db).byChannel(channels[2]!.id))?.purpose).toBe('leadership');
  });

  it('When Teams asks the typeahead, then it answers with matching accounts on my team; in a 1:1 chat link is explained', async () => {
    const res = await t.bot.teams.deliver(
      t.bot.teams.activity(channels[0]!, m.dana!.id, {
        type: 'invoke',
        name: 'application/search',
        value: { queryText: 'north', dataset: 'pulse.key-accounts' },
      }),
    );
    expect(res.body).toEqual({
      type: 'application/vnd.microsoft.search.searchResponse',
      value: { results: [{ title: 'Northwind Logistics', value: await accountId('Northwind Logistics') }] },
    });
    const chat = t.bot.teams.state.personalConversation(m.dana!);
    await t.bot.teams.deliver(t.bot.teams.activity(chat, m.dana!.id, { type: 'message', text: 'link' }));
    expect(String(t.bot.teams.sentTo(chat.id).at(-1)!.activity.text)).toBe(
      'Use this in a team channel, with an @mention of me.',
    );
  });
});
