import { promptsStore } from '../../src/adapters/store/prompts-store.ts';
import { describe, expect, it } from 'vitest';
import { openCycle } from '../../src/features/cycle/cycle-steps.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { buildScorecard } from '../../src/features/scorecards/build-scorecard.ts';
import { actions, inputValues } from '../support/card-client.ts';
import { northwindAnswers, useCycleWorld } from '../support/cycle-world.ts';

// Each test has a world of its own; those after the first open the cycle themselves.
const w = useCycleWorld({ perTest: true });
const { t, period } = w;

describe('The monthly cycle: opening and answering (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When the cycle opens, then each reachable account manager gets one card listing their key accounts, and the unreachable one is reported', async () => {
    const summary = await w.openCycleForAll();
    expect(summary.queued).toBe(3);
    expect(summary.unreachable.map((u) => u.name)).toEqual(['Lena Hoffmann']);
    for (const key of ['dana', 'marco', 'priya']) {
      const card = w.cardOf(key);
      expect(JSON.stringify(card)).toContain('Monthly check-in');
      expect(actions(card).filter((a) => a.verb === 'return.open')).toHaveLength(3);
    }
    expect(t.bot.teams.received.filter((r) => r.op !== 'update')).toHaveLength(3);
    const again = await openCycle(w.deps, period);
    expect(again).toMatchObject({ queued: 0, alreadyDone: 3 });
    const prompts = await promptsStore(t.tdb.db).prompts(period);
    expect(prompts.map((p) => p.status).sort()).toEqual(['sent', 'sent', 'sent', 'unreachable']);
  });

  it('When Dana opens Northwind, then the form is prefilled from Salesforce; saving shows the live client man-hours and queues the write-back', async () => {
    await w.openCycleForAll();
    const list = w.cardOf('dana');
    const northwind = actions(list).find(
      (a) => a.verb === 'return.open' && JSON.stringify(list).includes('Northwind'),
    )!;
    const northwindId = await w.northwindId();
    expect(northwind).toBeDefined();
    const { inputs, save, saved } = await w.saveNorthwind();
    expect(inputs.m0_clients).toBe('4');
    expect(inputs.m0_minutes).toBe('120');
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
    // People met and the save's time as the month's scorecard and the stored return have them (one definition).
    const card = (await buildScorecard(w.deps, period, northwindId))!;
    expect(queued.find((q) => q.key === `${northwindId}-${period}`)?.payload).toMatchObject({
      fields: {
        Client_People_Met__c: card.breadth.people,
        Submitted_At__c: ret!.submittedAt!.toISOString(),
        Client_Man_Hours__c: 8,
        Status__c: 'Submitted',
        Ball_With__c: 'Client',
        Relationship_Stage__c: 4,
        Joint_Plan__c: true,
        Shared_Measures__c: false,
      },
    });
    // Saving the same answers again changes nothing.
    const updatedAt = async () =>
      (
        await t.tdb.db.query<{ updated_at: Date }>('SELECT updated_at FROM monthly_returns WHERE account_id = $1', [
          northwindId,
        ])
      )[0]!.updated_at;
    const before = await updatedAt();
    await w.click('dana', save, { ...inputs, ...northwindAnswers });
    expect(await updatedAt()).toEqual(before);

    // Two key activities, then an edit that removes the second: Salesforce is told to delete it.
    const activities = {
      a0_title: 'Workshop held',
      a0_type: 'workshop',
      a0_date: `${period}-05`,
      a1_title: 'Renewal call',
      a1_type: 'renewal_step',
      a1_date: `${period}-09`,
    };
    await w.click('dana', save, { ...inputs, ballWith: 'client', stage: '4', jointPlan: 'true', ...activities });
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
    await w.click('dana', save, {
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

  it('When Dana adds a meeting Salesforce lacks, then the people met written back are the distinct contacts the scorecard counts', async () => {
    await w.openCycleForAll();
    const northwindId = await w.northwindId();
    // Three client attendees Salesforce has no names for: attendances rise, the named contacts met do not.
    await w.saveNorthwind({ n0_date: `${period}-20`, n0_minutes: '60', n0_clients: '3', n0_f2f: 'true' });
    const ret = (await returnsStore(t.tdb.db).getReturn(period, northwindId))!;
    const attendances = ret.meetings.reduce((n, m) => n + m.clientAttendees, 0);
    const card = (await buildScorecard(w.deps, period, northwindId))!;
    expect(card.breadth.people).toBeLessThan(attendances);
    const queued = await outboxStore(t.tdb.db).undelivered('salesforce');
    expect(queued.find((q) => q.key === `${northwindId}-${period}`)?.payload).toMatchObject({
      fields: { Client_People_Met__c: card.breadth.people, Meetings__c: ret.meetings.length },
    });
  });

  it('When the data is invalid, then the form comes back with the errors next to the fields and nothing is saved', async () => {
    await w.openCycleForAll();
    const accountId = (
      await t.tdb.db.query<{ id: string }>(
        `SELECT id FROM sf_accounts WHERE owner_id = (SELECT owner_id FROM sf_accounts WHERE name = ` +
          `'Northwind Logistics') AND name <> 'Northwind Logistics' LIMIT 1`,
      )
    )[0]!.id;
    const form = (await w.click('dana', { verb: 'return.open', data: { period, accountId } })).value;
    const save = actions(form).find((a) => a.verb === 'return.save')!;
    const back = await w.click('dana', save, {
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
    // Dana's return for Northwind is in: Marco's claim must leave it as it is.
    await w.openCycleForAll();
    await w.saveNorthwind();
    const northwindId = await w.northwindId();
    const before = await returnsStore(t.tdb.db).getReturn(period, northwindId);
    const res = await w.click(
      'marco',
      { verb: 'return.save', data: { period, accountId: northwindId, eventIds: '' } },
      { ballWith: 'nobody', noMeetings: 'true' },
    );
    expect(res.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(res.value)).toContain('not one of your key accounts');
    expect(await returnsStore(t.tdb.db).getReturn(period, northwindId)).toEqual(before);
    expect(t.bot.logs.lines.some((l) => l.msg === 'refused a return for an account the user does not own')).toBe(true);
  });
});
