import type { ActionStatus } from '../domain/action-plan.ts';
import type { Explained } from './explained.ts';

/** One state an action was in, from a day on (`YYYY-MM-DD` on the organisation's calendar). */
interface ActionState {
  on: string;
  status: ActionStatus;
  dueOn: string;
}

/** An action as the measures read it: its element and every state it has been in, oldest first. */
export interface ActionFact {
  element: string | null;
  history: readonly ActionState[];
}

/** An irritant as the measures read it: every status it has had, oldest first (the first is when it was raised). */
export interface IrritantFact {
  history: readonly { on: string; status: 'open' | 'in_progress' | 'fixed' }[];
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

/** The last state recorded on or before `asOf`; undefined for something that did not exist yet. */
const stateOn = <S extends { on: string }>(history: readonly S[], asOf: string): S | undefined =>
  history.filter((h) => h.on <= asOf).at(-1);

/**
 * The action loop's measures as they stood at the end of `asOf` (the scorecard's last day, or today in a month still
 * open), from each action's and irritant's history: what was done, dropped, moved or fixed later does not change an
 * earlier month. A dropped action counts nowhere; a proposal not yet accepted is open but covers no priority. Pure.
 */
export function actionMeasures(
  actions: readonly ActionFact[],
  irritants: readonly IrritantFact[],
  priorities: readonly string[],
  asOf: string,
): Explained<ActionMeasures> {
  const known = actions
    .map((a) => ({ element: a.element, state: stateOn(a.history, asOf) }))
    .filter((a): a is { element: string | null; state: ActionState } => !!a.state && a.state.status !== 'dropped');
  const done = known.filter((a) => a.state.status === 'done');
  const open = known.filter((a) => a.state.status === 'open' || a.state.status === 'proposed');
  const overdue = open.filter((a) => a.state.dueOn < asOf);
  const onTime = done.filter((a) => a.state.on <= a.state.dueOn);
  const covered = priorities.filter((p) => known.some((a) => a.element === p && a.state.status !== 'proposed'));
  const stillOpen = irritants
    .filter((i) => i.history[0] && i.history[0].on <= asOf && stateOn(i.history, asOf)?.status !== 'fixed')
    .map((i) => days(i.history[0]!.on, asOf));
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
