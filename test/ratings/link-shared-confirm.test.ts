/**
 * Linking the channel shared with the client links the client tenants the account team confirmed, not whoever is
 * in the channel when the confirm button is clicked: a third tenant whose people join the shared channel after the
 * card was shown does not become a client tenant (its people would otherwise rate as the client, and count toward
 * MIN_RATERS). Against the Bot Connector stand-in (see ratings-world); a shared channel can hold members of several
 * tenants (https://learn.microsoft.com/microsoftteams/shared-channels).
 */
import { describe, expect, it } from 'vitest';
import { ids } from '../support/start-test-bot.ts';
import { actions, inputValues } from '../support/card-client.ts';
import { RESPONSIVENESS, useRatingsWorld } from '../support/ratings-world.ts';
import { channelLinksStore } from '../../src/adapters/store/channel-links-store.ts';

// Each test has a world of its own and links what it needs.
const w = useRatingsWorld({ perTest: true });
const { t, m, act, say, rate, responses } = w;

describe('Confirming the client tenants of a shared channel', () => {
  it(
    'When a third tenant joins between the confirm card and the click, then only the confirmed client ' +
      'tenant is linked and the third party cannot rate',
    async () => {
      await act(m.dana!.id, w.internal, 'channel.link', { accountId: w.northwind });
      w.shared.memberIds.push('29:c1', '29:c2', '29:c3', '29:c4');
      const confirm = await act(m.dana!.id, w.shared, 'channel.link', { accountId: w.northwind });
      const button = actions(confirm.card).find((a) => a.verb === 'channel.link-shared')!;
      // Nothing comes ticked, even with one other organisation (a consultant may be the first to join): Dana ticks it.
      expect(inputValues(confirm.card)).toEqual({ tenants: '' });

      w.shared.memberIds.push(m.third!.id);
      const done = await act(m.dana!.id, w.shared, 'channel.link-shared', {
        ...button.data,
        tenants: ids.clientTenant,
      });
      expect(done.text).toContain('now the channel shared with the client');
      expect((await channelLinksStore(t.tdb.db).byChannel(w.shared.id))?.clientTenantIds).toEqual([ids.clientTenant]);

      expect(await say('dana', w.internal, 'start rating round')).toContain('is open until');
      expect((await rate('third', w.shared, [[RESPONSIVENESS, 1, 5]])).text).toContain('nothing was saved');
      expect((await rate('c1', w.shared, [[RESPONSIVENESS, 4, 5]])).text).toContain('your answers are saved');
      expect(await responses()).toEqual([{ rater_key: 'aad-c1', side: 'client' }]);
    },
  );

  it(
    'When a client or third-tenant member types unlink or link leadership in the shared channel, then ' +
      'the polite refusal (no word of our Salesforce) and the link stays',
    async () => {
      // Linked as shared with the client's tenant; a third tenant's member has joined since.
      await w.linkBoth();
      w.shared.memberIds.push(m.third!.id);
      for (const who of ['c1', 'third'])
        for (const command of ['unlink', 'link leadership']) {
          const out = await say(who, w.shared, command);
          expect(out, `${who}: ${command}`).toContain('Linking this channel is done by the account team on our side');
          expect(out, `${who}: ${command}`).not.toContain('Salesforce');
        }
      expect((await channelLinksStore(t.tdb.db).byChannel(w.shared.id))?.purpose).toBe('shared');
    },
  );

  it(
    'When the confirm card names no tenant (an older card, or nothing ticked), then nothing is linked ' +
      'and the card says to tick the client or start again',
    async () => {
      const other = t.bot.teams.state.addChannel('19:accounts@thread.tacv2', {
        id: '19:contoso-shared@thread.skype',
        memberIds: [m.dana!.id, '29:c1'],
      });
      const res = await act(m.dana!.id, other, 'channel.link-shared', { accountId: w.northwind });
      expect(res.text).toContain('type link to start again');
      expect(await channelLinksStore(t.tdb.db).byChannel(other.id)).toBeUndefined();
    },
  );

  it(
    "When a consultant's people are in the channel beside the client's, then the card names each " +
      "organisation by its people's domain (no one's name), ticks none, and only the ticked client is " +
      'linked',
    async () => {
      await channelLinksStore(t.tdb.db).unlink(w.shared.id);
      const channel = t.bot.teams.state.addChannel('19:accounts@thread.tacv2', {
        id: '19:northwind-consultants@thread.skype',
        memberIds: [m.dana!.id, '29:c1', '29:c2', m.third!.id],
      });
      const confirm = await act(m.dana!.id, channel, 'channel.link', { accountId: w.northwind });
      expect(confirm.text).toContain('members from 2 other organisations');
      const choices = JSON.stringify(confirm.card);
      expect(choices).toContain(`client.example: 2 people in this channel (tenant ${ids.clientTenant})`);
      expect(choices).toContain(`third.example: 1 person in this channel (tenant ${ids.otherTenant})`);
      expect(choices).not.toContain('Client c1');
      // Nothing is ticked: accepting the card as it comes links no one (Teams blocks the empty required input).
      expect(inputValues(confirm.card)).toEqual({ tenants: '' });
      const button = actions(confirm.card).find((a) => a.verb === 'channel.link-shared')!;
      const empty = await act(m.dana!.id, channel, 'channel.link-shared', {
        ...inputValues(confirm.card),
        ...button.data,
      });
      expect(empty.text).toContain("Tick the client's organisation");
      expect(await channelLinksStore(t.tdb.db).byChannel(channel.id)).toBeUndefined();

      const done = await act(m.dana!.id, channel, 'channel.link-shared', { ...button.data, tenants: ids.clientTenant });
      expect(done.text).toContain('now the channel shared with the client');
      expect((await channelLinksStore(t.tdb.db).byChannel(channel.id))?.clientTenantIds).toEqual([ids.clientTenant]);
      // linked says whose people rate as the client, so a consultant linked by mistake is seen (and how to re-link).
      const linked = await say('dana', channel, 'linked');
      expect(linked).toContain(
        `rate as the client: client.example: 2 people in this channel (tenant ${ids.clientTenant})`,
      );
      expect(linked).toContain('types unlink, then link');
      expect(linked).not.toContain('third.example');
      await channelLinksStore(t.tdb.db).unlink(channel.id);
    },
  );

  it('When Dana types link in a channel the client reads, then the card lists none of her accounts and the typeahead finds them for her alone', async () => {
    const channel = t.bot.teams.state.addChannel('19:accounts@thread.tacv2', {
      id: '19:northwind-unlinked-typeahead@thread.skype',
      memberIds: [m.dana!.id, '29:c1'],
    });
    const posted = await say('dana', channel, 'link');
    expect(posted).toContain('type the account');
    expect(posted).not.toMatch(/Northwind|Wide World|Woodgrove/);
    expect(posted).toContain('pulse.key-accounts');
    // Teams' typeahead (application/search) answers the person typing, not the channel.
    const res = await t.bot.teams.deliver(
      t.bot.teams.activity(channel, m.dana!.id, {
        type: 'invoke',
        name: 'application/search',
        value: { queryText: 'north', dataset: 'pulse.key-accounts' },
      }),
    );
    expect(JSON.stringify(res.body)).toContain('Northwind Logistics');
    // Clicking Link with nothing chosen (an older client's Action.Submit posts the answer card in the channel).
    const empty = await act(m.dana!.id, channel, 'channel.link', {});
    expect(empty.text).toContain('Choose an account');
    expect(empty.text).not.toMatch(/Northwind|Wide World|Woodgrove/);
  });
});
