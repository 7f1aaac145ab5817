/**
 * Goals of benchmark figures as data, and the pure decisions made from them: whether a figure met its goal, how the
 * goal reads in the table, and how `npm run bench` ends. The goal a row prints is the goal it is checked against,
 * so the label cannot drift from the check.
 */

/** One condition: the row's value (or its ratio to the baseline) compared with a bound. */
export interface Condition {
  of: 'value' | 'ratio';
  op: '<' | '<=' | '=' | '>=';
  bound: number;
  /** What the bound is when it is itself a figure of the run, e.g. "saves answered". */
  boundName?: string;
}

/** What a figure is held to: every condition must hold. */
export type Goal = readonly Condition[];

/** The parts of a benchmark row these decisions read. */
export interface Figure {
  bench: string;
  measure: string;
  value: number;
  unit: string;
  ratio: number | null;
  goal?: Goal;
}

/** How a row stands: its goal met or missed, or no goal to meet. */
export type Verdict = 'met' | 'missed' | 'no goal';

const holds = (x: number, op: Condition['op'], bound: number) =>
  op === '<' ? x < bound : op === '<=' ? x <= bound : op === '=' ? x === bound : x >= bound;

/** Whether the figures meet every condition of `goal`; a missing ratio or a NaN never does. */
export function meetsGoal(goal: Goal, figures: { value: number; ratio: number | null }): boolean {
  return goal.every((c) => {
    const x = c.of === 'value' ? figures.value : figures.ratio;
    return x !== null && holds(x, c.op, c.bound);
  });
}

/** The row's verdict, decided from its figures and its goal. */
export function verdict(row: Figure): Verdict {
  if (!row.goal?.length) return 'no goal';
  return meetsGoal(row.goal, row) ? 'met' : 'missed';
}

/** The goal as the table prints it: "ratio <= 0.1", "value < 2 s", "value >= saves answered (812)". */
export function goalText(goal: Goal | undefined, unit: string): string {
  if (!goal?.length) return 'none';
  return goal
    .map((c) => {
      const bound = c.boundName ? `${c.boundName} (${c.bound})` : String(c.bound);
      const suffix = c.of === 'value' && unit && !c.boundName ? ` ${unit}` : '';
      return `${c.of} ${c.op} ${bound}${suffix}`;
    })
    .join(' and ');
}

/**
 * How `npm run bench` ends: exit code 1, with a reason each, when a chosen benchmark failed or left no figures, or
 * when any figure missed its goal; else 0.
 */
export function benchOutcome(
  chosen: readonly string[],
  failed: readonly string[],
  rows: readonly Figure[],
): { exitCode: 0 | 1; reasons: string[] } {
  const reasons = [
    ...failed.map((b) => `${b} failed`),
    ...chosen.filter((b) => !failed.includes(b) && !rows.some((r) => r.bench === b)).map((b) => `${b} left no figures`),
    ...rows
      .filter((r) => verdict(r) === 'missed')
      .map(
        (r) =>
          `${r.bench}: ${r.measure} missed its goal (${goalText(r.goal, r.unit)}; value ${Number(r.value.toPrecision(4))})`,
      ),
  ];
  return { exitCode: reasons.length ? 1 : 0, reasons };
}
