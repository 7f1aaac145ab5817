/**
 * The tab's label of each closed rating round, in order: its close month (`2026-11`), or its close day
 * (`2026-11-14`) where two rounds closed in the same month (a manual round beside the cadence's), so no two bars of
 * the history chart share a label.
 */
export function roundLabels(closedAt: readonly Date[]): string[] {
  const months = closedAt.map((d) => d.toISOString().slice(0, 7));
  const count = new Map<string, number>();
  for (const m of months) count.set(m, (count.get(m) ?? 0) + 1);
  return closedAt.map((d, i) => ((count.get(months[i]!) ?? 0) > 1 ? d.toISOString().slice(0, 10) : months[i]!));
}
