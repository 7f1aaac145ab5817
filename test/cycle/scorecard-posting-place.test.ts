/**
 * Where a scorecard can be posted, and what the operator is told when it cannot. The Agents Playground (and a person
 * who clicks "Add application" in a channel other than General) records the team's installation under that channel's
 * conversation; the scorecard of any linked channel of the team must still find it. Where the app is not in the team,
 * `npm run cycle -- close` names the account, the reason and the fix, and `cycle -- post` posts it later, once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closeCycle, postClosedScorecards } from '../../src/features/cycle/cycle-steps.ts';
import { useCycleWorld } from '../support/cycle-world.ts';
import { addMonths } from '../../src/core/domain/period.ts';
import { ids } from '../support/start-test-bot.ts';
import { invokeValue } from '../support/card-client.ts';
import type { Conversation } from '../../src/stand-ins/teams/teams-state.ts';

const w = useCycleWorld();
const { t, period, members } = w;

/** Dana's three key accounts, by name (the demo org's). */
const accountId = async (name: string) =>
  (await t.tdb.db.query<{ id: string }>('SELECT id FROM sf_accounts WHERE name = $1', [name]))[0]!.id;

/** The app added to a team from `channel` (as Teams and the Playground send it: installationUpdate there). */
const addApp = (channel: Conversation, action: 'add' | 'remove') =>
  t.bot.teams.deliver(t.bot.teams.activity(channel, members.dana!.id, { type: 'installationUpdate', action }));

/** Dana links `channel` to the account named. */
async function link(channel: Conversation, name: string) {
  const res = await t.bot.teams.deliver(
    t.bot.teams.activity(channel, members.dana!.id, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: invokeValue({ verb: 'channel.link', data: {}, title: '' }, { accountId: await accountId(name) }),
    }),
  );
  expect(JSON.stringify(res.body)).toContain('now linked to');
}

beforeAll(async () => {
  await w.openCycleForAll();
  await w.answerAll('dana');
});

describe('Posting scorecards where the app was added (clock at 4 Nov 2026)', () => {
  it(
    'When the app was added from a channel other than General, then the scorecard of a linked channel of that ' +
      'team is posted; where the app left the team, close names the account and the fix, and post posts it later, once',
    async () => {
      // Northwind's team: the app added from "Northwind internal", not from General.
      const north = t.bot.teams.state.addTeam({
        id: '19:north-general@thread.tacv2',
        name: 'Northwind account team',
        tenantId: ids.homeTenant,
        memberIds: [members.dana!.id],
      });
      const northInternal = t.bot.teams.state.addChannel(north.id, { id: '19:north-internal@thread.tacv2' });
      expect((await addApp(northInternal, 'add')).status).toBe(200);
      await link(northInternal, 'Northwind Logistics');

      // A second account's team: linked, then the app removed from the team before the month closes.
      const other = t.bot.teams.state.addTeam({
        id: '19:other-general@thread.tacv2',
        name: 'Second account team',
        tenantId: ids.homeTenant,
        memberIds: [members.dana!.id],
      });
      const otherGeneral = t.bot.teams.state.conversation(other.id)!;
      await addApp(otherGeneral, 'add');
      const [second] = await t.tdb.db.query<{ name: string }>(
        `SELECT a.name FROM sf_accounts a JOIN sf_users u ON u.id = a.owner_id
          WHERE a.is_key AND u.email = 'dana.whitfield@pulse-demo.example' AND a.name <> 'Northwind Logistics'
          ORDER BY a.name LIMIT 1`,
      );
      await link(otherGeneral, second!.name);
      await addApp(otherGeneral, 'remove');

      t.bot.teams.received.length = 0;
      const closed = await closeCycle(w.deps, period);
      expect(closed.scorecardsPosted).toBe(1);
      expect(closed.scorecardsNotPosted).toEqual([
        {
          accountName: second!.name,
          reason: expect.stringContaining(`Add the app to that team`) as string,
        },
      ]);
      expect(closed.scorecardsNotPosted[0]!.reason).toContain(`npm run cycle -- post --period ${period}`);
      await w.deliverAll();
      const posted = (channelId: string) =>
        t.bot.teams.received.filter((r) => r.op === 'create' && r.conversationId === channelId);
      expect(posted(northInternal.id)).toHaveLength(1);

      // The app is added again; post sends the one that was missing, and only it, once.
      await addApp(otherGeneral, 'add');
      const again = await postClosedScorecards(w.deps, period);
      expect(again).toMatchObject({ step: 'post', scorecardsPosted: 1, scorecardsNotPosted: [] });
      await w.deliverAll();
      expect(posted(otherGeneral.id)).toHaveLength(1);
      expect((await postClosedScorecards(w.deps, period)).scorecardsPosted).toBe(0);
      expect(posted(northInternal.id)).toHaveLength(1);
    },
  );

  it('When post is asked for a month not yet closed, then it does nothing and says why', async () => {
    const next = await postClosedScorecards(w.deps, addMonths(period, 1));
    expect(next.skipped).toBe('the period is not closed yet: its scorecards are posted when it closes');
  });
});
