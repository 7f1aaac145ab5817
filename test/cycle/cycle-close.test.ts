import { beforeEach, describe, expect, it } from 'vitest';
import { closeCycle } from '../../src/features/cycle/cycle-steps.ts';
import { periodLabel, previousPeriod } from '../../src/core/domain/period.ts';
import { postPortfolioSummary, refreshPostedScorecards } from '../../src/features/scorecards/post-scorecards.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { syncStore } from '../../src/adapters/store/sync-store.ts';
import { actions, invokeValue } from '../support/card-client.ts';
import { useCycleWorld } from '../support/cycle-world.ts';
import { ids } from '../support/start-test-bot.ts';

const w = useCycleWorld({ perTest: true });
const { t, period, members } = w;

/** What the scorecard steps need. */
const scoring = () => ({
  db: t.tdb.db,
  log: t.bot.logs.log,
  scoringSettings: DEFAULT_SCORING_SETTINGS,
  now: t.bot.clock.now,
});

/** A new open opportunity on the account, as a later sync would bring it: late data for the posted scorecard. */
const lateOpportunity = (accountId: string, deal: { id: string; name: string; amount: number; close_date: string }) =>
  syncStore(t.tdb.db).upsert(
    'Opportunity',
    [
      {
        ...deal,
        account_id: accountId,
        stage: 'Proposal',
        is_closed: false,
        type: 'New Business',
        modstamp: t.bot.clock.now(),
      },
    ],
    t.bot.clock.now(),
  );

// The month as the earlier steps leave it: Dana answered all three accounts (Northwind at stage 4 with a joint
// plan), Marco and Priya none; Sam, the sales director, uses the bot.
beforeEach(async () => {
  await w.openCycleForAll();
  await w.saveNorthwind();
  await w.answerAll('dana');
  await w.addSam();
});

/** The bot is added to Northwind's account team (Dana and Sam), and Dana links Northwind to its channel. */
async function linkNorthwindChannel() {
  const team = t.bot.teams.state.addTeam({
    id: '19:northwind-team@thread.tacv2',
    name: 'Northwind account team',
    tenantId: ids.homeTenant,
    memberIds: [members.dana!.id, members.sam!.id],
  });
  const general = t.bot.teams.state.conversation(team.id)!;
  await t.bot.teams.deliver(
    t.bot.teams.activity(general, members.dana!.id, {
      type: 'conversationUpdate',
      membersAdded: [{ id: `28:${ids.appId}` }],
    }),
  );
  const northwindId = await w.northwindId();
  return t.bot.teams.deliver(
    t.bot.teams.activity(general, members.dana!.id, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: invokeValue({ verb: 'channel.link', data: {}, title: '' }, { accountId: northwindId }),
    }),
  );
}

describe('The monthly cycle: closing and scorecards (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When the bot is added to the account team and Dana links Northwind to its channel, then the link is kept for the scorecard', async () => {
    const res = await linkNorthwindChannel();
    expect(JSON.stringify(res.body)).toContain('now linked to Northwind Logistics');
  });

  it('When the month closes, then missing returns are recorded as missing (not zero), written back, and the returns are read-only', async () => {
    await linkNorthwindChannel();
    t.bot.teams.received.length = 0;
    const summary = await closeCycle(w.deps, period);
    expect(summary.missingReturns).toBe(9);
    expect(summary.scorecardsPosted).toBe(1);
    await w.deliverAll();
    const posted = t.bot.teams.received.filter((r) => r.conversationId === '19:northwind-team@thread.tacv2');
    expect(posted.map((r) => r.op)).toEqual(['create']); // a new thread in the channel, not a reply
    expect(JSON.stringify(posted[0]!.activity)).toContain(`Northwind Logistics: ${periodLabel(period)}`);
    expect(JSON.stringify(posted[0]!.activity)).toContain('Client man-hours 8.0 h');
    expect(JSON.stringify(posted[0]!.activity)).toContain(
      '4: key account (joint plan, multi-level). Contact levels reached',
    );
    expect(JSON.stringify(posted[0]!.activity)).toContain('A joint plan is in place. No shared measures yet.');
    const writes = await outboxStore(t.tdb.db).undelivered('salesforce', 5000);
    const northwindId = await w.northwindId();
    expect(
      writes.find((row) => row.object === 'Pulse_Scorecard__c' && row.key === `${northwindId}-${period}`)?.payload,
    ).toMatchObject({ fields: { Client_Man_Hours__c: 8, Data_Complete__c: true } });
    expect(writes.find((row) => row.object === 'Account' && row.key === northwindId)?.payload).toMatchObject({
      externalIdField: 'Id',
      fields: { Pulse_Client_Man_Hours__c: 8, Pulse_Last_Period__c: period },
    });

    // Late data: a new opportunity synced from Salesforce changes the scorecard; the same message is updated, once.
    await lateOpportunity(northwindId, {
      id: '006000000000LATEAAA',
      name: 'Northwind late deal',
      amount: 777_000,
      close_date: '2027-06-30',
    });
    expect(await refreshPostedScorecards(scoring(), period)).toBe(1);
    await w.deliverAll();
    const ops = t.bot.teams.received.filter((r) => r.conversationId === '19:northwind-team@thread.tacv2');
    expect(ops.map((r) => r.op)).toEqual(['create', 'update']);
    expect(ops[1]!.activityId).toBe(ops[0]!.activityId);
    expect(JSON.stringify(ops[1]!.activity)).toMatch(/pipeline GBP [\d,]+/);
    expect(await refreshPostedScorecards(scoring(), period)).toBe(0);

    // The quarterly portfolio summary goes to the leadership channel Sam chose, once.
    const leaders = t.bot.teams.state.addChannel('19:northwind-team@thread.tacv2', { id: '19:leaders@thread.tacv2' });
    await t.bot.teams.deliver(
      t.bot.teams.activity(leaders, members.sam!.id, {
        type: 'message',
        text: '<at>Partnership Pulse</at> link leadership',
        entities: [
          {
            type: 'mention',
            text: '<at>Partnership Pulse</at>',
            mentioned: { id: `28:${ids.appId}`, name: 'Partnership Pulse' },
          },
        ],
      }),
    );
    expect(await postPortfolioSummary(scoring(), period)).toBe(1);
    expect(await postPortfolioSummary(scoring(), period)).toBe(0);
    await w.deliverAll();
    const summary2 = t.bot.teams.received.filter(
      (r) => r.conversationId === '19:leaders@thread.tacv2' && r.op === 'create',
    );
    expect(summary2).toHaveLength(1);
    expect(JSON.stringify(summary2[0]!.activity)).toContain('returns in: 3 of 36 this quarter');
    const all = await returnsStore(t.tdb.db).allReturns(period);
    expect(all.filter((r) => r.status === 'missing').every((r) => r.clientManHours === null)).toBe(true);
    expect(all.filter((r) => r.status === 'submitted')).toHaveLength(3);
    const view = (await w.click('dana', { verb: 'return.open', data: { period, accountId: northwindId } })).value;
    expect(JSON.stringify(view)).toContain('read-only');
    expect(actions(view).map((a) => a.verb)).toEqual(['return.list']);
    const late = await w.click(
      'dana',
      { verb: 'return.save', data: { period, accountId: northwindId, eventIds: '' } },
      { ballWith: 'nobody', noMeetings: 'true' },
    );
    expect(JSON.stringify(late.value)).toContain('read-only');
    expect((await returnsStore(t.tdb.db).getReturn(period, northwindId))!.ballWith).toBe('joint'); // as answerAll left it
    expect((await closeCycle(w.deps, period)).missingReturns).toBe(0);
    expect(previousPeriod(period)).not.toBe(period);
  });

  it(
    "When the linked channel is later shared with someone from the client's tenant, then a change to its " +
      'scorecard is not sent there: the update is refused and logged',
    async () => {
      // Northwind's scorecard is posted in its linked channel as the month closes.
      await linkNorthwindChannel();
      await closeCycle(w.deps, period);
      await w.deliverAll();
      const channel = t.bot.teams.state.conversation('19:northwind-team@thread.tacv2')!;
      const client = t.bot.teams.state.addMember({
        id: '29:client-ava',
        name: 'Ava Novak',
        aadObjectId: 'c11e0000-0000-4000-8000-000000000001',
        email: 'ava@northwind.example',
        userPrincipalName: 'ava@northwind.example',
        tenantId: ids.clientTenant,
        userRole: 'user',
      });
      channel.memberIds.push(client.id);
      const northwindId = await w.northwindId();
      await lateOpportunity(northwindId, {
        id: '006000000000LAT2AAA',
        name: 'Northwind later deal',
        amount: 123_000,
        close_date: '2027-08-31',
      });
      t.bot.teams.received.length = 0;
      expect(await refreshPostedScorecards(scoring(), period)).toBe(1);
      await w.deliverAll();
      expect(t.bot.teams.received.filter((r) => r.conversationId === channel.id)).toEqual([]);
      const [row] = await t.tdb.db.query<{ status: string; last_error: string }>(
        `SELECT status, last_error FROM outbox WHERE object = 'scorecard-update' AND key LIKE $1`,
        [`${period}:${northwindId}:%`],
      );
      expect(row).toMatchObject({
        status: 'failed',
        last_error:
          'FAILED: not posted: the channel now has members from another tenant, and this message is internal-only',
      });
      expect(t.bot.logs.text()).toContain('a Teams message was not delivered');
    },
  );
});
