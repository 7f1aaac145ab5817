import { beforeAll, describe, expect, it } from 'vitest';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { periodLabel } from '../../src/core/domain/period.ts';
import { actions, inputValues } from '../support/card-client.ts';
import { useCycleWorld } from '../support/cycle-world.ts';

/**
 * The return form's header ("October 2026: 8.0 h, ...") says what the form holds now, as saving it would count it,
 * and whether that is saved: with a meeting logged during the month, and after a refused Save, as much as on a
 * first opening.
 */
const w = useCycleWorld();
const { t, period } = w;

beforeAll(() => w.openCycleForAll());

/** The header line of a form card: the text block after the account name. */
const headerOf = (card: unknown): string => {
  const text = (card as { body: { type: string; text?: string }[] }).body.filter((b) => b.type === 'TextBlock')[1];
  return text?.text ?? '';
};

const openNorthwind = async () =>
  (await w.click('dana', { verb: 'return.open', data: { period, accountId: await w.northwindId() } })).value;

describe("The return form's header (clock at 4 Nov 2026; October is open)", () => {
  it('When Dana opens a return she has not saved, then the header gives the hours Salesforce prefilled and says it is not saved yet', async () => {
    // The demo org's Northwind meetings in the month: 8.0 client man-hours (the seed example).
    expect(headerOf(await openNorthwind())).toBe(
      `${periodLabel(period)}: not saved yet: 8.0 h, no return for last month to compare: no data`,
    );
  });

  it('When the month holds a meeting Dana logged, then the header counts it with the rest', async () => {
    const northwind = await w.northwindId();
    const [dana] = await t.tdb.db.query<{ id: string }>(
      "SELECT id FROM sf_users WHERE email = 'dana.whitfield@pulse-demo.example'",
    );
    const meeting = {
      sfEventId: null,
      date: `${period}-20`,
      subject: 'Site visit',
      minutes: 60,
      clientAttendees: 2,
      ourAttendees: 1,
      faceToFace: true,
      clientNames: [],
      actionKey: 'header-test',
    };
    expect(await returnsStore(t.tdb.db).appendDraftMeeting(period, northwind, dana!.id, meeting, 20)).toBe('added');
    // 8.0 from Salesforce and 2 people x 1 h logged.
    expect(headerOf(await openNorthwind())).toBe(
      `${periodLabel(period)}: not saved yet: 10.0 h, no return for last month to compare: no data`,
    );
  });

  it('When a Save is refused, then the header still gives what the form holds, not "no return yet"', async () => {
    const form = await openNorthwind();
    const save = actions(form).find((a) => a.verb === 'return.save')!;
    const inputs = inputValues(form);
    // A half-filled added row: the server refuses the whole Save and names what the row needs.
    const emptyRow = Object.keys(inputs).find((k) => /^n\d+_clients$/.test(k) && !inputs[k])!;
    const refused = (await w.click('dana', save, { ...inputs, ballWith: 'us', [emptyRow]: '3' })).value;
    expect(JSON.stringify(refused)).toContain('Minutes must be a whole number');
    expect(headerOf(refused)).toBe(
      `${periodLabel(period)}: not saved yet: 10.0 h, no return for last month to compare: no data`,
    );
    expect(headerOf(refused)).not.toContain('no return yet');
  });
});
