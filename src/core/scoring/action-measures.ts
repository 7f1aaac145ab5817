import type { ActionStatus } from '../domain/action-plan.ts';
import type { Explained } from './explained.ts';

/** An action as the measures read it: dates as `YYYY-MM-DD` on the organisation's calendar. */
export interface ActionFact {
  element: string | null;
  status: ActionStatus;
  dueOn: string;
  createdOn: string;
  /** The day it was marked done; null while it is not. */
  doneOn: string | null;
}

/** An irritant as the measures read it: when it was raised, and when it was fixed (null while it is not). */
export interface IrritantFact {
  raisedOn: string;
  fixedOn: string | null;
}

/** How the action loop stands for one account on one day (issue 27, item 5). */
export interface ActionMeasures {
  /** Actions open or proposed, and those of them past their due date (the risk the internal scorecard shows). */
  open: number;
  overdue: number;
  /** The priorities for action (of the scorecard's ratings) that have at least one action, of how many. */
  prioritiesWithAction: number;
  priorities: number;
  /** Actions done, and those done by their due date. */
  closed: number;
  closedOnTime: number;
  /** Days since the oldest irritant still not fixed was raised; null when none is open. */
  oldestOpenIrritantDays: number | null;
}

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * The action loop's measures as they stood at the end of `asOf` (the scorecard's last day, or today in a month still
 * open): only actions and irritants that existed by then count, and one is done or fixed only if it was by then, so
 * a month's figures do not change when the plan moves on. A dropped action counts nowhere. Pure.
 */
export function actionMeasures(
  actions: readonly ActionFact[],
  irritants: readonly IrritantFact[],
  priorities: readonly string[],
  asOf: string,
): Explained<ActionMeasures> {
  const known = actions.filter((a) => a.createdOn <= asOf && a.status !== 'dropped');
  const done = known.filter((a) => a.doneOn !== null && a.doneOn <= asOf);
  const open = known.filter((a) => !done.includes(a));
  const overdue = open.filter((a) => a.dueOn < asOf);
  const onTime = done.filter((a) => a.doneOn! <= a.dueOn);
  const covered = priorities.filter((p) => known.some((a) => a.element === p));
  const stillOpen = irritants
    .filter((i) => i.raisedOn <= asOf && !(i.fixedOn !== null && i.fixedOn <= asOf))
    .map((i) => days(i.raisedOn, asOf));
  const oldest = stillOpen.length ? Math.max(...stillOpen) : null;
  const value: ActionMeasures = {
    open: open.length,
    overdue: overdue.length,
    prioritiesWithAction: covered.length,
    priorities: priorities.length,
    closed: done.length,
    closedOnTime: onTime.length,
    oldestOpenIrritantDays: oldest,
  };
  return {
    value,
    why: [
      `As of ${asOf}: ${open.length} action${open.length === 1 ? '' : 's'} open, ${overdue.length} past the due date.`,
      priorities.length
        ? `Priorities with an action: ${covered.length} of ${priorities.length}` +
          `${covered.length ? ` (${covered.join(', ')})` : ''}.`
        : 'No priorities for action yet (no rating round with client numbers).',
      `Closed on time: ${onTime.length} of ${done.length} done.`,
      oldest === null
        ? 'No irritant is open.'
        : `Oldest open irritant: raised ${oldest} day${oldest === 1 ? '' : 's'} before, still not fixed.`,
    ],
  };
}

/** The measures in one line, as the card and the tab show them. */
export function actionMeasuresText(a: ActionMeasures | null): string {
  if (!a || a.open + a.closed === 0) return 'no actions yet';
  return (
    `${a.open} open (${a.overdue} overdue); priorities with an action ${a.prioritiesWithAction} of ${a.priorities}; ` +
    `closed on time ${a.closedOnTime} of ${a.closed}` +
    `${a.oldestOpenIrritantDays === null ? '' : `; oldest open irritant ${a.oldestOpenIrritantDays} days`}`
  );
}
