import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, teamsEngineFor, useTestBot } from '../support/start-test-bot.ts';
import { startSalesforce } from '../support/start-salesforce.ts';
import { actions, answerEveryAccount, inputValues, invokeValue } from '../support/card-client.ts';
import { demoPeople } from '../../src/salesforce/demo/demo-org.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { usersStore } from '../../src/store/users-store.ts';
import { outboxStore } from '../../src/store/outbox-store.ts';
import { returnsStore } from '../../src/store/returns-store.ts';
import { drainTeamsOutbox } from '../../src/delivery/drain-teams-outbox.ts';
import { recordPromptOutcome } from '../../src/cycle/prompt-outcomes.ts';
import { closeCycle, openCycle, remindCycle, type CycleDeps } from '../../src/cycle/cycle-steps.ts';
import { lastEndedPeriod, periodLabel, previousPeriod } from '../../src/domain/period.ts';
import { postPortfolioSummary, refreshPostedScorecards } from '../../src/scorecards/post-scorecards.ts';
import { syncStore } from '../../src/store/sync-store.ts';
import type { Member } from '../stand-ins/teams/teams-state.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/scoring/settings.ts';

const t = useTestBot({ resetEachTest: false });
let sf: Awaited<ReturnType<typeof startSalesforce>>;
let deps: CycleDeps;
const period = lastEndedPeriod(new Date());
const members: Record<string, Member> = {};

const person = (key: string) => demoPeople.find((p) => p.key === key)!;

beforeAll(async () => {
  sf = await startSalesforce();
  const crm = await sf.connect(t.bot.logs.log);
  await runSync({ db: t.tdb.db, crm, settings: sf.settings.jwt, log: t.bot.logs.log });
  // Dana, Marco and Priya use Teams; Lena (an account manager too) has never been seen in Teams.
  for (const [i, key] of ['dana', 'marco', 'priya'].entries()) {
    const p = person(key);
    members[key] = t.bot.teams.state.addMember(
      {
        id: `29:${key}`,
        name: p.name,
        aadObjectId: `5a0c9e11-7b2d-4f6a-8e13-0d4c2b9f7a1${i}`,
        email: p.email,
        userPrincipalName: p.email,
        tenantId: ids.homeTenant,
        userRole: 'user',
      },
      { installed: true },
    );
  }
  deps = {
    db: t.tdb.db,
    log: t.bot.logs.log,
    scoringSettings: DEFAULT_SCORING_SETTINGS,
    defaultServiceUrl: t.bot.teams.url,
  };
});
afterAll(() => sf.sf.stop());

async function install(key: string) {
  const m = members[key]!;
  const chat = t.bot.teams.state.personalConversation(m);
  await t.bot.teams.deliver(t.bot.teams.activity(chat, m.id, { type: 'installationUpdate', action: 'add' }));
}

async function deliverAll() {
  const outbox = outboxStore(t.tdb.db);
  const engine = teamsEngineFor(t.bot, t.tdb.db, recordPromptOutcome);
  for (let i = 0; i < 20 && ((await outbox.counts('teams')).pending > 0 || i === 0); i++)
    await drainTeamsOutbox(engine);
}

async function click(
  key: string,
  action: { verb: string; data: Record<string, unknown> },
  inputs: Record<string, string> = {},
) {
  const m = members[key]!;
  const chat = t.bot.teams.state.personalConversation(m);
  const res = await t.bot.teams.deliver(
    t.bot.teams.activity(chat, m.id, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: invokeValue({ ...action, title: '' }, inputs),
      replyToId: 'card-1',
    }),
  );
  expect(res.status).toBe(200);
  return res.body as { statusCode: number; type: string; value: unknown };
}

function cardOf(key: string) {
  const sent = t.bot.teams.sentTo(t.bot.teams.state.personalConversationId(members[key]!.id));
  return (sent.at(-1)!.activity.attachments as { content: unknown }[])[0]!.content;
}

async function answerAll(key: string, p = period) {
  for (const saved of await answerEveryAccount(cardOf(key), p, (action, inputs) => click(key, action, inputs)))
    expect(saved.type).toBe('application/vnd.microsoft.card.adaptive');
}

describe('The monthly cycle', () => {
  it('When the cycle opens, then each reachable account manager gets one card listing their key accounts, and the unreachable one is reported', async () => {
    await install('dana');
    await install('marco');
    await usersStore(t.tdb.db).upsert({
      id: '29:priya',
      aadObjectId: members.priya!.aadObjectId,
      tenantId: ids.homeTenant,
      name: 'Priya Natarajan',
      email: person('priya').email,
      upn: person('priya').email,
    });
    t.bot.teams.received.length = 0;
    const summary = await openCycle(deps, period);
    expect(summary.queued).toBe(3);
    expect(summary.unreachable.map((u) => u.name)).toEqual(['Lena Hoffmann']);
    await deliverAll();
    for (const key of ['dana', 'marco', 'priya']) {
      const card = cardOf(key);
      expect(JSON.stringify(card)).toContain('Monthly check-in');
      expect(actions(card).filter((a) => a.verb === 'return.open')).toHaveLength(3);
    }
    expect(t.bot.teams.received.filter((r) => r.op !== 'update')).toHaveLength(3);
    const again = await openCycle(deps, period);
    expect(again).toMatchObject({ queued: 0, alreadyDone: 3 });
    const prompts = await returnsStore(t.tdb.db).prompts(period);
    expect(prompts.map((p) => p.status).sort()).toEqual(['sent', 'sent', 'sent', 'unreachable']);
  });

  it('When Dana opens Northwind, then the form is prefilled from Salesforce; saving shows the live client man-hours and queues the write-back', async () => {
    const list = cardOf('dana');
    const northwind = actions(list).find(
      (a) => a.verb === 'return.open' && JSON.stringify(list).includes('Northwind'),
    )!;
    const northwindId = (
      await t.tdb.db.query<{ id: string }>(`SELECT id FROM sf_accounts WHERE name = 'Northwind Logistics'`)
    )[0]!.id;
    const form = (await click('dana', { verb: 'return.open', data: { period, accountId: northwindId } })).value;
    expect(northwind).toBeDefined();
    const inputs = inputValues(form);
    expect(inputs.m0_clients).toBe('4');
    expect(inputs.m0_minutes).toBe('120');
    const save = actions(form).find((a) => a.verb === 'return.save')!;
    const saved = await click('dana', save, {
      ...inputs,
      ballWith: 'client',
      riskFlags: 'price_pressure',
      nextStep: 'Send [the] *proposal* http://evil.example',
      stage: '4',
      jointPlan: 'true',
    });
    expect(JSON.stringify(saved.value)).toContain('8.0 h');
    expect(JSON.stringify(saved.value)).toContain('4: key account (joint plan, multi-level)');
    const ret = await returnsStore(t.tdb.db).getReturn(period, northwindId);
    expect(ret).toMatchObject({
      status: 'submitted',
      clientManHours: 8,
      ballWith: 'client',
      riskFlags: ['price_pressure'],
      nextStep: 'Send the proposal http: //evil.example',
      stage: 4,
      jointPlan: true,
      sharedMeasures: false,
    });
    const queued = await outboxStore(t.tdb.db).undelivered('salesforce');
    expect(queued.find((q) => q.key === `${northwindId}-${period}`)?.payload).toMatchObject({
      fields: {
        Client_Man_Hours__c: 8,
        Status__c: 'Submitted',
        Ball_With__c: 'Client',
        Relationship_Stage__c: 4,
        Joint_Plan__c: true,
        Shared_Measures__c: false,
      },
    });
    // Saving the same answers again changes nothing.
    const before = (
      await t.tdb.db.query<{ updated_at: Date }>('SELECT updated_at FROM monthly_returns WHERE account_id = $1', [
        northwindId,
      ])
    )[0]!.updated_at;
    await click('dana', save, {
      ...inputs,
      ballWith: 'client',
      riskFlags: 'price_pressure',
      nextStep: 'Send [the] *proposal* http://evil.example',
      stage: '4',
      jointPlan: 'true',
    });
    expect(
      (
        await t.tdb.db.query<{ updated_at: Date }>('SELECT updated_at FROM monthly_returns WHERE account_id = $1', [
          northwindId,
        ])
      )[0]!.updated_at,
    ).toEqual(before);

    // Two key activities, then an edit that removes the second: Salesforce is told to delete it.
    const activities = {
      a0_title: 'Workshop held',
      a0_type: 'workshop',
      a0_date: `${period}-05`,
      a1_title: 'Renewal call',
      a1_type: 'renewal_step',
      a1_date: `${period}-09`,
    };
    await click('dana', save, { ...inputs, ballWith: 'client', stage: '4', jointPlan: 'true', ...activities });
    const activityWrites = async () =>
      (await outboxStore(t.tdb.db).undelivered('salesforce')).filter(
        (q) => q.object === 'Pulse_Key_Activity__c' && q.key.startsWith(`${northwindId}-${period}-`),
      );
    expect(
      (await activityWrites()).map((q) => [q.key.slice(-2), (q.payload as { op?: string }).op ?? 'upsert']),
    ).toEqual([
      ['-0', 'upsert'],
      ['-1', 'upsert'],
    ]);
    await click('dana', save, {
      ...inputs,
      ballWith: 'client',
      stage: '4',
      jointPlan: 'true',
      ...activities,
      a1_title: '',
      a1_date: '',
    });
    expect(
      (await activityWrites()).map((q) => [q.key.slice(-2), (q.payload as { op?: string }).op ?? 'upsert']),
    ).toEqual([
      ['-0', 'upsert'],
      ['-1', 'delete'],
    ]);
  });

  it('When the data is invalid, then the form comes back with the errors next to the fields and nothing is saved', async () => {
    const accountId = (
      await t.tdb.db.query<{ id: string }>(
        `SELECT id FROM sf_accounts WHERE owner_id = (SELECT owner_id FROM sf_accounts WHERE name = 'Northwind Logistics') AND name <> 'Northwind Logistics' LIMIT 1`,
      )
    )[0]!.id;
    const form = (await click('dana', { verb: 'return.open', data: { period, accountId } })).value;
    const save = actions(form).find((a) => a.verb === 'return.save')!;
    const back = await click('dana', save, {
      ...inputValues(form),
      m0_minutes: '30000',
      n0_date: '1999-01-01',
      n0_minutes: '30',
      n0_clients: '1',
      stage: '9',
    });
    const text = JSON.stringify(back.value);
    expect(text).toContain('Minutes must be a whole number from 0 to 20160');
    expect(text).toContain('Give a date inside the month.');
    expect(text).toContain('Say who has the ball');
    expect(text).toContain('Choose a stage from 1 to 5, or leave it empty.');
    expect(await returnsStore(t.tdb.db).getReturn(period, accountId)).toBeUndefined();
  });

  it("When Marco's card claims one of Dana's accounts, then it is refused, logged, and nothing changes", async () => {
    const northwindId = (
      await t.tdb.db.query<{ id: string }>(`SELECT id FROM sf_accounts WHERE name = 'Northwind Logistics'`)
    )[0]!.id;
    const before = await returnsStore(t.tdb.db).getReturn(period, northwindId);
    const res = await click(
      'marco',
      { verb: 'return.save', data: { period, accountId: northwindId, eventIds: '' } },
      { ballWith: 'nobody', noMeetings: 'true' },
    );
    expect(res.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(res.value)).toContain('not one of your key accounts');
    expect(await returnsStore(t.tdb.db).getReturn(period, northwindId)).toEqual(before);
    expect(t.bot.logs.lines.some((l) => l.msg === 'refused a return for an account the user does not own')).toBe(true);
  });

  it('When reminders go out, then only those who still owe a return get one, once', async () => {
    await answerAll('dana');
    t.bot.teams.received.length = 0;
    const first = await remindCycle(deps, period, 'remind1');
    expect(first.queued).toBe(2);
    await deliverAll();
    expect(t.bot.teams.sentTo(t.bot.teams.state.personalConversationId(members.dana!.id))).toHaveLength(0);
    expect(
      t.bot.teams.sentTo(t.bot.teams.state.personalConversationId(members.marco!.id)).map((r) => r.activity.text),
    ).toEqual([expect.stringMatching(/^Reminder: your .* check-in is waiting \(3 of 3 accounts to go\)\.$/)]);
    expect((await remindCycle(deps, period, 'remind1')).queued).toBe(0);
  });

  it('When a sales director types status, then they see which account managers answered, and who could not be reached and why', async () => {
    const sam = person('sam');
    members.sam = t.bot.teams.state.addMember(
      {
        id: '29:sam',
        name: sam.name,
        aadObjectId: '5a0c9e11-7b2d-4f6a-8e13-0d4c2b9f7a19',
        email: sam.email,
        userPrincipalName: sam.email,
        tenantId: ids.homeTenant,
        userRole: 'user',
      },
      { installed: true },
    );
    await install('sam');
    const chat = t.bot.teams.state.personalConversation(members.sam);
    t.bot.teams.received.length = 0;
    await t.bot.teams.deliver(t.bot.teams.activity(chat, members.sam.id, { type: 'message', text: 'status' }));
    const text = t.bot.teams
      .sentTo(chat.id)
      .map((r) => String(r.activity.text ?? ''))
      .join('\n');
    expect(text).toContain('**Dana Whitfield**: 3 of 3 returns in');
    expect(text).toContain('**Marco Rossi**: 0 of 3 returns in');
    expect(text).toMatch(
      /\*\*Lena Hoffmann\*\*: could not be reached: no Teams user with the sign-in or e-mail lena\.hoffmann@pulse-demo\.example/,
    );
  });

  it("When Marco logs a meeting Salesforce lacks, then it is validated and lands in this month's draft for next month's form", async () => {
    const chat = t.bot.teams.state.personalConversation(members.marco!);
    await t.bot.teams.deliver(t.bot.teams.activity(chat, members.marco!.id, { type: 'message', text: 'log meeting' }));
    const card = (t.bot.teams.sentTo(chat.id).at(-1)!.activity.attachments as { content: unknown }[])[0]!.content;
    const logIt = actions(card).find((a) => a.verb === 'meeting.log')!;
    const accountId = (JSON.stringify(card).match(/"value":"(001[A-Za-z0-9]{15})"/) ?? [])[1]!;
    const today = new Date().toISOString().slice(0, 10);
    const bad = await click('marco', logIt, {
      accountId,
      date: '2020-01-01',
      minutes: '60',
      clients: '3',
      faceToFace: 'true',
    });
    expect(JSON.stringify(bad.value)).toContain('Not saved: Give a date inside the month.');
    const good = await click('marco', logIt, {
      accountId,
      date: today,
      minutes: '90',
      clients: '3',
      faceToFace: 'true',
    });
    expect(JSON.stringify(good.value)).toContain('Logged for');
    const draft = await returnsStore(t.tdb.db).getReturn(today.slice(0, 7) as never, accountId);
    expect(draft).toMatchObject({
      status: 'draft',
      meetings: [expect.objectContaining({ date: today, minutes: 90, clientAttendees: 3, sfEventId: null })],
    });
    const notMine = (
      await t.tdb.db.query<{ id: string }>(`SELECT id FROM sf_accounts WHERE name = 'Northwind Logistics'`)
    )[0]!.id;
    const refused = await click('marco', logIt, { accountId: notMine, date: today, minutes: '30', clients: '1' });
    expect(String(refused.value)).toContain('not one of your key accounts');
  });

  it('When the bot is added to the account team and Dana links Northwind to its channel, then the link is kept for the scorecard', async () => {
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
    const northwindId = (
      await t.tdb.db.query<{ id: string }>(`SELECT id FROM sf_accounts WHERE name = 'Northwind Logistics'`)
    )[0]!.id;
    const res = await t.bot.teams.deliver(
      t.bot.teams.activity(general, members.dana!.id, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: invokeValue({ verb: 'channel.link', data: {}, title: '' }, { accountId: northwindId }),
      }),
    );
    expect(JSON.stringify(res.body)).toContain('now linked to Northwind Logistics');
  });

  it('When the month closes, then missing returns are recorded as missing (not zero), written back, and the returns are read-only', async () => {
    t.bot.teams.received.length = 0;
    const summary = await closeCycle(deps, period);
    expect(summary.missingReturns).toBe(9);
    expect(summary.scorecardsPosted).toBe(1);
    await deliverAll();
    const posted = t.bot.teams.received.filter((r) => r.conversationId === '19:northwind-team@thread.tacv2');
    expect(posted.map((r) => r.op)).toEqual(['create']); // a new thread in the channel, not a reply
    expect(JSON.stringify(posted[0]!.activity)).toContain(`Northwind Logistics: ${periodLabel(period)}`);
    expect(JSON.stringify(posted[0]!.activity)).toContain('Client man-hours 8.0 h');
    expect(JSON.stringify(posted[0]!.activity)).toContain(
      '4: key account (joint plan, multi-level). Contact levels reached',
    );
    expect(JSON.stringify(posted[0]!.activity)).toContain('A joint plan is in place. No shared measures yet.');
    const writes = await outboxStore(t.tdb.db).undelivered('salesforce', 5000);
    const northwindId = (
      await t.tdb.db.query<{ id: string }>(`SELECT id FROM sf_accounts WHERE name = 'Northwind Logistics'`)
    )[0]!.id;
    expect(
      writes.find((w) => w.object === 'Pulse_Scorecard__c' && w.key === `${northwindId}-${period}`)?.payload,
    ).toMatchObject({ fields: { Client_Man_Hours__c: 8, Data_Complete__c: true } });
    expect(writes.find((w) => w.object === 'Account' && w.key === northwindId)?.payload).toMatchObject({
      externalIdField: 'Id',
      fields: { Pulse_Client_Man_Hours__c: 8, Pulse_Last_Period__c: period },
    });

    // Late data: a new opportunity synced from Salesforce changes the scorecard; the same message is updated, once.
    await syncStore(t.tdb.db).upsert(
      'Opportunity',
      [
        {
          id: '006000000000LATEAAA',
          account_id: northwindId,
          name: 'Northwind late deal',
          amount: 777_000,
          close_date: '2027-06-30',
          stage: 'Proposal',
          is_closed: false,
          type: 'New Business',
          modstamp: new Date(),
        },
      ],
      new Date(),
    );
    expect(
      await refreshPostedScorecards(
        { db: t.tdb.db, log: t.bot.logs.log, scoringSettings: DEFAULT_SCORING_SETTINGS },
        period,
      ),
    ).toBe(1);
    await deliverAll();
    const ops = t.bot.teams.received.filter((r) => r.conversationId === '19:northwind-team@thread.tacv2');
    expect(ops.map((r) => r.op)).toEqual(['create', 'update']);
    expect(ops[1]!.activityId).toBe(ops[0]!.activityId);
    expect(JSON.stringify(ops[1]!.activity)).toMatch(/pipeline [\d,]+/);
    expect(
      await refreshPostedScorecards(
        { db: t.tdb.db, log: t.bot.logs.log, scoringSettings: DEFAULT_SCORING_SETTINGS },
        period,
      ),
    ).toBe(0);

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
    const scoring = { db: t.tdb.db, log: t.bot.logs.log, scoringSettings: DEFAULT_SCORING_SETTINGS };
    expect(await postPortfolioSummary(scoring, period)).toBe(1);
    expect(await postPortfolioSummary(scoring, period)).toBe(0);
    await deliverAll();
    const summary2 = t.bot.teams.received.filter(
      (r) => r.conversationId === '19:leaders@thread.tacv2' && r.op === 'create',
    );
    expect(summary2).toHaveLength(1);
    expect(JSON.stringify(summary2[0]!.activity)).toContain('returns in: 3 of 36 this quarter');
    const all = await returnsStore(t.tdb.db).allReturns(period);
    expect(all.filter((r) => r.status === 'missing').every((r) => r.clientManHours === null)).toBe(true);
    expect(all.filter((r) => r.status === 'submitted')).toHaveLength(3);
    const view = (await click('dana', { verb: 'return.open', data: { period, accountId: northwindId } })).value;
    expect(JSON.stringify(view)).toContain('read-only');
    expect(actions(view).map((a) => a.verb)).toEqual(['return.list']);
    const late = await click(
      'dana',
      { verb: 'return.save', data: { period, accountId: northwindId, eventIds: '' } },
      { ballWith: 'nobody', noMeetings: 'true' },
    );
    expect(JSON.stringify(late.value)).toContain('read-only');
    expect((await returnsStore(t.tdb.db).getReturn(period, northwindId))!.ballWith).toBe('joint'); // as answerAll left it
    expect((await closeCycle(deps, period)).missingReturns).toBe(0);
    expect(previousPeriod(period)).not.toBe(period);
  });

  it("When the linked channel is later shared with someone from the client's tenant, then a change to its scorecard is not sent there: the update is refused and logged", async () => {
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
    const northwindId = (
      await t.tdb.db.query<{ id: string }>(`SELECT id FROM sf_accounts WHERE name = 'Northwind Logistics'`)
    )[0]!.id;
    await syncStore(t.tdb.db).upsert(
      'Opportunity',
      [
        {
          id: '006000000000LAT2AAA',
          account_id: northwindId,
          name: 'Northwind later deal',
          amount: 123_000,
          close_date: '2027-08-31',
          stage: 'Proposal',
          is_closed: false,
          type: 'New Business',
          modstamp: new Date(),
        },
      ],
      new Date(),
    );
    t.bot.teams.received.length = 0;
    expect(
      await refreshPostedScorecards(
        { db: t.tdb.db, log: t.bot.logs.log, scoringSettings: DEFAULT_SCORING_SETTINGS },
        period,
      ),
    ).toBe(1);
    await deliverAll();
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
  });
});
