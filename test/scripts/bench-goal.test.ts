import { describe, expect, it } from 'vitest';
import { benchOutcome, goalText, meetsGoal, verdict, type Figure } from '../../scripts/bench/bench-goal.ts';

const figure = (fields: Partial<Figure>): Figure => ({
  bench: 'request',
  measure: 'saves/s',
  value: 100,
  unit: 'req/s',
  ratio: null,
  ...fields,
});

describe('Benchmark goals', () => {
  it('When a figure sits on a bound, then <= and >= and = hold and < does not', () => {
    expect(meetsGoal([{ of: 'value', op: '<=', bound: 2 }], { value: 2, ratio: null })).toBe(true);
    expect(meetsGoal([{ of: 'value', op: '>=', bound: 2 }], { value: 2, ratio: null })).toBe(true);
    expect(meetsGoal([{ of: 'value', op: '=', bound: 2 }], { value: 2, ratio: null })).toBe(true);
    expect(meetsGoal([{ of: 'value', op: '<', bound: 2 }], { value: 2, ratio: null })).toBe(false);
    expect(meetsGoal([{ of: 'value', op: '<=', bound: 2 }], { value: 2.01, ratio: null })).toBe(false);
    expect(meetsGoal([{ of: 'value', op: '>=', bound: 2 }], { value: 1.99, ratio: null })).toBe(false);
  });

  it('When a goal is on the ratio, then the ratio is compared (not the value), and a missing ratio or NaN misses', () => {
    const goal = [{ of: 'ratio', op: '<=', bound: 0.1 }] as const;
    expect(meetsGoal(goal, { value: 50, ratio: 0.05 })).toBe(true);
    expect(meetsGoal(goal, { value: 0.05, ratio: 0.5 })).toBe(false);
    expect(meetsGoal(goal, { value: 0.05, ratio: null })).toBe(false);
    expect(meetsGoal([{ of: 'value', op: '=', bound: 0 }], { value: Number.NaN, ratio: null })).toBe(false);
  });

  it('When a goal has two conditions, then both must hold, and the table names each bound', () => {
    const goal = [
      { of: 'value', op: '>=', bound: 812, boundName: 'saves answered' },
      { of: 'value', op: '<=', bound: 830, boundName: 'saves sent' },
    ] as const;
    expect(verdict(figure({ value: 820, goal }))).toBe('met');
    expect(verdict(figure({ value: 811, goal }))).toBe('missed');
    expect(verdict(figure({ value: 831, goal }))).toBe('missed');
    expect(goalText(goal, '')).toBe('value >= saves answered (812) and value <= saves sent (830)');
    expect(goalText([{ of: 'value', op: '<', bound: 2 }], 's')).toBe('value < 2 s');
    expect(goalText([{ of: 'ratio', op: '>=', bound: 0.25 }], 'req/s')).toBe('ratio >= 0.25');
    expect(goalText(undefined, 's')).toBe('none');
    expect(verdict(figure({}))).toBe('no goal');
  });
});

describe('How `npm run bench` ends', () => {
  const met = figure({ bench: 'scoring', ratio: 0.05, goal: [{ of: 'ratio', op: '<=', bound: 0.1 }] });
  const missed = figure({ bench: 'request', ratio: 0.2, goal: [{ of: 'ratio', op: '>=', bound: 0.25 }] });
  const free = figure({ bench: 'sync' });

  it('When every chosen benchmark ran and every figure met its goal (or has none), then it exits 0', () => {
    expect(benchOutcome(['scoring', 'sync'], [], [met, free])).toEqual({ exitCode: 0, reasons: [] });
  });

  it('When one figure misses its goal, then it exits 1 and says which', () => {
    expect(benchOutcome(['scoring', 'request'], [], [met, missed])).toEqual({
      exitCode: 1,
      reasons: ['request: saves/s missed its goal (ratio >= 0.25; value 100)'],
    });
  });

  it('When a benchmark failed, or ran but left no figures, then it exits 1 and says which', () => {
    expect(benchOutcome(['scoring', 'tab', 'effort'], ['tab'], [met])).toEqual({
      exitCode: 1,
      reasons: ['tab failed', 'effort left no figures'],
    });
  });
});
