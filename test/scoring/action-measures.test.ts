/**
 * The action loop's measures (issue 27, item 5), by hand: what counts on a given day is what existed by then, done
 * or fixed by then; a month's figures do not change when the plan moves on; a dropped action counts nowhere.
 */
import { describe, expect, it } from 'vitest';
import { actionMeasures, type ActionFact } from '../../src/core/scoring/action-measures.ts';

const action = (over: Partial<ActionFact>): ActionFact => ({
  element: 'Responsiveness',
  status: 'open',
  dueOn: '2026-11-20',
  createdOn: '2026-11-02',
  doneOn: null,
  ...over,
});

describe('Action measures as of a day', () => {
  const actions = [
    action({ status: 'done', doneOn: '2026-11-18' }),
    action({ status: 'done', doneOn: '2026-11-25', element: 'Quality of delivery' }),
    action({ element: null, dueOn: '2026-11-10' }),
    action({ status: 'dropped', element: 'Communication' }),
    action({ createdOn: '2026-12-03', element: 'Cost and efficiency' }),
  ];
  const irritants = [
    { raisedOn: '2026-10-15', fixedOn: '2026-11-20' },
    { raisedOn: '2026-11-01', fixedOn: null },
  ];
  const priorities = ['Responsiveness', 'Quality of delivery', 'Communication', 'Cost and efficiency'];

  it('counts on 30 November: two done (one on time), one open and overdue, the oldest open irritant 29 days', () => {
    expect(actionMeasures(actions, irritants, priorities, '2026-11-30').value).toEqual({
      open: 1,
      overdue: 1,
      prioritiesWithAction: 2,
      priorities: 4,
      closed: 2,
      closedOnTime: 1,
      oldestOpenIrritantDays: 29,
    });
  });

  it('counts on 15 November as it stood then: nothing done yet, the October irritant still open', () => {
    expect(actionMeasures(actions, irritants, priorities, '2026-11-15').value).toEqual({
      open: 3,
      overdue: 1,
      prioritiesWithAction: 2,
      priorities: 4,
      closed: 0,
      closedOnTime: 0,
      oldestOpenIrritantDays: 31,
    });
  });

  it('says why, with the day it is about, and has nothing open without a plan', () => {
    const m = actionMeasures([], [], [], '2026-11-30');
    expect(m.value).toMatchObject({ open: 0, overdue: 0, closed: 0, oldestOpenIrritantDays: null });
    expect(m.why[0]).toBe('As of 2026-11-30: 0 actions open, 0 past the due date.');
    expect(m.why[1]).toContain('No priorities for action yet');
  });
});
