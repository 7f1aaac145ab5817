import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goalText, meetsGoal, verdict, type Goal } from './bench-goal.ts';

/** Where each benchmark leaves its rows for `npm run bench` (git-ignored, like bench/results.json). */
export const benchDir = fileURLToPath(new URL('../../bench/', import.meta.url));
const partsDir = join(benchDir, 'parts');

/**
 * One figure of a benchmark: the raw value, the baseline or floor it is compared to (measured in the same run
 * wherever it can be), their ratio, and the goal it is held to. Every benchmark writes these so one runner can
 * print a single table.
 */
export interface BenchRow {
  /** The benchmark (`request`, `fanout`, ...). */
  bench: string;
  /** What was measured, e.g. "saves/s, PGlite". */
  measure: string;
  value: number;
  unit: string;
  /** What the value is compared to, e.g. "echo bot req/s" or "floor N/50 s"; null when it stands alone. */
  baseline: { label: string; value: number } | null;
  /** value / baseline.value, or null. */
  ratio: number | null;
  /** The goal it is held to, when there is one (the table prints it as text, e.g. "ratio >= 0.25"). */
  goal?: Goal;
  /** Whether the goal was met, decided by `row` from the figures (kept in results.json for readers). */
  met?: boolean;
  /** Other raw numbers worth keeping beside the figure. */
  note?: string;
}

/** A row with its ratio, and whether it met its goal, filled in. */
export function row(r: Omit<BenchRow, 'ratio' | 'met'>): BenchRow {
  const ratio = r.baseline && r.baseline.value !== 0 ? r.value / r.baseline.value : null;
  return { ...r, ratio, ...(r.goal ? { met: meetsGoal(r.goal, { value: r.value, ratio }) } : {}) };
}

/** Writes a benchmark's rows for the table runner (replacing its earlier rows). */
export function recordBench(bench: string, rows: BenchRow[]): void {
  mkdirSync(partsDir, { recursive: true });
  writeFileSync(join(partsDir, `${bench}.json`), `${JSON.stringify(rows, null, 2)}\n`);
}

/** Every benchmark's latest rows. */
export function readBenchParts(): Record<string, BenchRow[]> {
  const out: Record<string, BenchRow[]> = {};
  let files: string[] = [];
  try {
    files = readdirSync(partsDir).filter((f) => f.endsWith('.json'));
  } catch {
    return out;
  }
  for (const f of files) out[f.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(partsDir, f), 'utf8'));
  return out;
}

/** Removes a benchmark's rows before it runs, so a failed run never shows last run's figures. */
export function clearBench(bench: string): void {
  mkdirSync(partsDir, { recursive: true });
  writeFileSync(join(partsDir, `${bench}.json`), '[]\n');
}

const fmt = (n: number | null) =>
  n === null ? '' : Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toPrecision(3);

/** The rows as one Markdown table; each says its goal ("none" without one) and whether it was met. */
export function benchTable(rows: BenchRow[]): string {
  const lines = [
    '| bench | measure | value | baseline / floor | ratio | goal | met | raw |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const base = r.baseline ? `${fmt(r.baseline.value)} (${r.baseline.label})` : '';
    const met = { met: 'yes', missed: '**no**', 'no goal': 'n/a' }[verdict(r)];
    lines.push(
      `| ${r.bench} | ${r.measure} | ${fmt(r.value)} ${r.unit} | ${base} | ${fmt(r.ratio)} | ${goalText(r.goal, r.unit)} | ${met} | ${r.note ?? ''} |`,
    );
  }
  return lines.join('\n');
}
