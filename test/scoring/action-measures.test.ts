/**
 * The action loop's measures (issue 27, item 5), by hand: a day's figures are the plan as it stood that day, from
 * each action's and irritant's history, so dropping, reopening or moving an action later, or reopening an irritant,
 * does not change a month already measured; a dropped action counts nowhere; a proposal covers no priority.
 */
import { describe, expect, it } from 'vitest';
import { actionMeasures, type ActionFact, type IrritantFact } from '../../src/core/scoring/action-measures.ts';
import type { ActionStatus } from '../../src/core/domain/action-plan.ts';

/** An action from its states: [day, status, due date], oldest first. */
const action = (element: string | null, ...states: [string, ActionStatus, string][]): ActionFact => ({
  element,
  history: states.map(([on, status, dueOn]) => ({ on, status, dueOn })),
});
const irritant = (...states: [string, 'open' | 'in_progress' | 'fixed'][]): IrritantFact => ({
  history: states.map(([on, status]) => ({ on, status })),
});

const actions = [
  // Done on 18 Nov, due 20 Nov: on time.
  action('Responsiveness', ['2026-11-02', 'open', '2026-11-20'], ['2026-11-18', 'done', '2026-11-20']),
  // Done on 25 Nov, due 20 Nov: late. Reopened on 3 Dec.
  action(
    'Quality of delivery',
    ['2026-11-02', 'open', '2026-11-20'],
    ['2026-11-25', 'done', '2026-11-20'],
    ['2026-12-03', 'open', '2026-11-20'],
  ),
  // Overdue from 11 Nov; moved to 15 Dec on 2 Dec.
  action(null, ['2026-11-02', 'open', '2026-11-10'], ['2026-12-02', 'open', '2026-12-15']),
  // Dropped from the start, and one proposed but never accepted.
  action('Communication', ['2026-11-02', 'open', '2026-11-20'], ['2026-11-03', 'dropped', '2026-11-20']),
  action('Understanding of our business', ['2026-11-05', 'proposed', '2026-11-30']),
  // Added after November.
  action('Cost and efficiency', ['2026-12-03', 'open', '2026-12-20']),
];
const irritants = [
  irritant(['2026-10-15', 'open'], ['2026-11-20', 'fixed'], ['2026-12-02', 'open']),
  irritant(['2026-11-01', 'open'], ['2026-11-10', 'in_progress']),
];
const priorities = [
  'Responsiveness',
  'Quality of delivery',
  'Communication',
  'Cost and efficiency',
  'Understanding of our business',
];

describe('Action measures as of a day', () => {
  it('counts on 30 November as the plan stood then, whatever happened in December', () => {
    expect(actionMeasures(actions, irritants, priorities, '2026-11-30').value).toEqual({
      open: 2,
      overdue: 1,
      prioritiesWithAction: 2,
      priorities: 5,
      closed: 2,
      closedOnTime: 1,
      oldestOpenIrritantDays: 29,
    });
  });

  it('counts on 15 November: nothing done yet, the October irritant open, the late action overdue', () => {
    expect(actionMeasures(actions, irritants, priorities, '2026-11-15').value).toEqual({
      open: 4,
      overdue: 1,
      prioritiesWithAction: 2,
      priorities: 5,
      closed: 0,
      closedOnTime: 0,
      oldestOpenIrritantDays: 31,
    });
  });

  it('counts on 5 December after the reopenings and the move: the reopened one and the proposal overdue', () => {
    expect(actionMeasures(actions, irritants, priorities, '2026-12-05').value).toMatchObject({
      open: 4,
      overdue: 2,
      closed: 1,
      closedOnTime: 1,
      prioritiesWithAction: 3,
      oldestOpenIrritantDays: 51,
    });
  });

  it('says why, with the day it is about, and has nothing open without a plan', () => {
    const m = actionMeasures([], [], [], '2026-11-30');
    expect(m.value).toMatchObject({ open: 0, overdue: 0, closed: 0, oldestOpenIrritantDays: null });
    expect(m.why[0]).toBe('As of 2026-11-30: 0 actions open, 0 past the due date.');
    expect(m.why[1]).toContain('No priorities for action yet');
  });
});

describe('The action loop across the portfolio', () => {
  it('adds up each account scorecard measures and names the accounts with overdue actions, most first', async () => {
    const { portfolioSummary } = await import('../../src/core/scoring/portfolio.ts');
    const card = (name: string, plan: Record<string, number> | null) =>
      ({
        accountName: name,
        hours: { notDevelopingStreak: 0 },
        ratings: null,
        stake: { customerAssetValue: null, currency: null, shareOfRevenue: null },
        status: 'developing',
        actionPlan: plan && {
          open: 0,
          overdue: 0,
          prioritiesWithAction: 0,
          priorities: 0,
          closed: 0,
          closedOnTime: 0,
          oldestOpenIrritantDays: null,
          ...plan,
        },
      }) as unknown as Parameters<typeof portfolioSummary>[0][number];
    const summary = portfolioSummary(
      [
        card('Contoso', { open: 2, overdue: 1, prioritiesWithAction: 1, priorities: 3, closed: 2, closedOnTime: 1 }),
        card('Northwind', { open: 3, overdue: 2, prioritiesWithAction: 2, priorities: 3, closed: 1, closedOnTime: 1 }),
        // No action yet, but three priorities: they count as priorities without one.
        card('Fabrikam', { open: 0, closed: 0, priorities: 3 }),
        card('Adatum', null),
      ],
      { submitted: 0, expected: 0 },
    );
    expect(summary.actionLoop).toEqual({
      overdue: [
        { name: 'Northwind', actions: 2 },
        { name: 'Contoso', actions: 1 },
      ],
      prioritiesWithAction: 3,
      priorities: 9,
      closedOnTime: 2,
      closed: 3,
    });
    expect(portfolioSummary([card('Adatum', null)], { submitted: 0, expected: 0 }).actionLoop).toBeNull();
  });
});
