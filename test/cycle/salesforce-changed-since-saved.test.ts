/**
 * A saved month whose meetings Salesforce changes afterwards (DOMAIN.md, measure 1: a saved return holds until its
 * account manager saves again). Through the bot's card actions and the real sync against the stand-in on loopback.
 * What Salesforce does between two scheduled syncs, from its documentation:
 * - an edited Event gets a new SystemModstamp, so an incremental query by SystemModstamp returns it again;
 * - a deleted Event leaves `query` for the Recycle Bin (IsDeleted = true), where `queryAll` still finds it
 *   (REST API, QueryAll: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall.htm;
 *   Event object reference, SystemModstamp and IsDeleted:
 *   https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-event.html).
 */
import { describe, expect, it } from 'vitest';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { sfDateTime, type SfRecord } from '../../src/stand-ins/salesforce/dataset.ts';
import { actions, inputValues } from '../support/card-client.ts';
import { northwindAnswers, useCycleWorld } from '../support/cycle-world.ts';

const w = useCycleWorld({ perTest: true });
const { t, period } = w;

/** The form's row index of the Salesforce meeting titled `subject` (its keep toggle's id is `m<index>_keep`). */
function rowOf(card: unknown, subject: string): number {
  const found = JSON.stringify(card).match(new RegExp(`"id":"m(\\d+)_keep","title":"[^"]*(?:${subject})`));
  if (!found) throw new Error(`no row for ${subject}`);
  return Number(found[1]);
}

/** A one-hour face-to-face meeting on the account in the stand-in, with `whoId` as its contact. */
function meetingLike(qbr: SfRecord, subject: string, start: string) {
  return w.salesforce().sf.data.put('Event', {
    ...qbr,
    Id: undefined,
    Subject: subject,
    StartDateTime: sfDateTime(new Date(start)),
    EndDateTime: sfDateTime(new Date(Date.parse(start) + 3_600_000)),
    DurationInMinutes: 60,
    ActivityDate: start.slice(0, 10),
    IsGroupEvent: false,
    GroupEventType: '0',
    SystemModstamp: undefined,
  });
}

describe('A saved month that Salesforce changes later (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When Salesforce changes, adds, deletes meetings after Dana saved, then her reopened form says so and keeps her figures till she takes them', async () => {
    await w.openCycleForAll();
    const sf = w.salesforce().sf;
    const northwindId = await w.northwindId();
    const qbr = sf.data
      .records('Event')
      .find((e) => e.AccountId === northwindId && !e.IsChild && String(e.StartDateTime).startsWith(period))!;
    // A second October meeting, in Salesforce before Dana saves.
    const lunch = meetingLike(qbr, 'Working lunch', `${period}-20T12:00:00Z`);
    await w.sync();
    const first = await w.saveNorthwind();
    const returns = returnsStore(t.tdb.db);
    // The QBR (2 h, 4 people) and the lunch (1 h, 1 person).
    expect((await returns.getReturn(period, northwindId))!.clientManHours).toBe(9);
    expect(JSON.stringify(first.form)).not.toContain('changed since you saved');

    // Between two scheduled syncs: the QBR is cut to 90 minutes, the lunch deleted, a site visit added.
    sf.data.put('Event', { ...qbr, DurationInMinutes: 90, SystemModstamp: undefined });
    sf.data.remove(lunch.Id);
    meetingLike(qbr, 'Site visit', `${period}-27T09:00:00Z`);
    await w.sync();
    // The saved month holds (DOMAIN.md): the same hours and the lunch still counted.
    const held = (await returns.getReturn(period, northwindId))!;
    expect(held.clientManHours).toBe(9);
    expect(held.meetings.map((m) => m.subject)).toContain('Working lunch');

    const open = { verb: 'return.open', data: { period, accountId: northwindId } };
    const form = (await w.click('dana', open)).value;
    const text = JSON.stringify(form);
    expect(text).toContain('Salesforce changed since you saved (1 meeting changed, 1 new, 1 no longer there)');
    expect(text).toContain('Your saved return still counts what you saved.');
    expect(text).toContain(`No longer in Salesforce this month: Working lunch (${period}-20)`);
    expect(text).toContain('changed in Salesforce since you saved: now 90 min, 4 client people, face to face');
    expect(text).toContain('(then 120 min, 4 client people, face to face)');
    expect(text).toContain('new in Salesforce since you saved');
    const inputs = inputValues(form);
    const [q, v] = [rowOf(form, 'QBR|Quarterly'), rowOf(form, 'Site visit')];
    expect(inputs[`m${q}_minutes`]).toBe('120');
    expect(inputs[`m${v}_keep`]).toBe('false');

    const take = actions(form).find((a) => a.verb === 'return.open' && a.data.take === 'salesforce')!;
    expect(take.title).toBe("Take Salesforce's changes");
    const taken = (await w.click('dana', take)).value;
    const takenText = JSON.stringify(taken);
    expect(takenText).toContain("Salesforce's changes are filled in below");
    expect(takenText).toContain('not saved yet');
    expect(actions(taken).some((a) => a.data.take === 'salesforce')).toBe(false);
    const filled = inputValues(taken);
    expect(filled[`m${rowOf(taken, 'QBR|Quarterly')}_minutes`]).toBe('90');
    expect(filled[`m${rowOf(taken, 'Site visit')}_keep`]).toBe('true');
    // Taking fills the form in; nothing is saved until Save.
    expect((await returns.getReturn(period, northwindId))!.clientManHours).toBe(9);

    const save = actions(taken).find((a) => a.verb === 'return.save')!;
    await w.click('dana', save, { ...filled, ...northwindAnswers });
    const saved = (await returns.getReturn(period, northwindId))!;
    // 1.5 h with 4 people and the 1 h site visit with 1: the lunch is gone.
    expect(saved.clientManHours).toBe(7);
    expect(saved.meetings.map((m) => m.subject)).not.toContain('Working lunch');
    const queued = await outboxStore(t.tdb.db).undelivered('salesforce');
    expect(queued.find((x) => x.key === `${northwindId}-${period}`)?.payload).toMatchObject({
      fields: { Client_Man_Hours__c: 7, Meetings__c: 2 },
    });
    // Saved again: nothing left to tell.
    expect(JSON.stringify((await w.click('dana', open)).value)).not.toContain('changed since you saved');
  });
});
