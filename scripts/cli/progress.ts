import type { SyncProgress, SyncSummary } from '../../src/features/sync/run-sync.ts';

/** Draws sync progress on stderr: a bar redrawn in place on a terminal, one line per step otherwise. */
export function progressRenderer(out: NodeJS.WriteStream = process.stderr) {
  let last = '';
  const tty = out.isTTY === true;
  return {
    update(p: SyncProgress): void {
      const [label, done, total] =
        p.phase === 'read'
          ? [`read ${p.object}`, p.stepDone, p.stepTotal]
          : p.phase === 'write'
            ? ['write back', p.sent, p.total]
            : ['read calendars', p.done, p.total];
      const width = 28;
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const bar = `${'#'.repeat(Math.round(ratio * width))}${'-'.repeat(width - Math.round(ratio * width))}`;
      const text = `${label.padEnd(20)} [${bar}] ${String(done).padStart(7)}/${total}`;
      if (tty) out.write(`\r${text}`);
      else if (label !== last || done === total) out.write(`${text}\n`);
      last = label;
    },
    done(): void {
      if (tty) out.write('\n');
    },
  };
}

/** The end-of-sync table: records read and skipped per object, writes, API calls, time. */
export function formatSummary(s: SyncSummary): string {
  const objects = Object.keys(s.read) as (keyof SyncSummary['read'])[];
  const rows = objects.map(
    (o) =>
      `  ${o.padEnd(14)} ${String(s.read[o] ?? 0).padStart(9)} ${String(s.skipped[o] ?? 0).padStart(8)}${s.deleted[o] ? `  (${s.deleted[o]} removed)` : ''}`,
  );
  const usage = s.apiUsage
    ? `${s.apiUsage.used}/${s.apiUsage.max} used today, ${s.apiUsage.max - s.apiUsage.used} remaining`
    : 'unknown';
  const lines = [
    `${s.dryRun ? 'Dry run' : s.full ? 'Full sync' : 'Incremental sync'} finished in ${(s.durationMs / 1000).toFixed(1)} s`,
    `  ${'object'.padEnd(14)} ${'read'.padStart(9)} ${'skipped'.padStart(8)}`,
    ...rows,
    `  key accounts new: ${s.newKeyAccounts}, no longer key: ${s.noLongerKey}`,
    s.dryRun
      ? `  writes: none made (dry run); ${s.wouldWrite?.length ?? 0} would be sent`
      : `  writes: ${s.writes.sent} sent, ${s.writes.retried} to retry, ${s.writes.failed} failed, ` +
        `${s.writes.pending} pending${s.writes.stoppedBy ? ` (stopped: ${s.writes.stoppedBy})` : ''}`,
    `  API calls: ${s.apiCalls} this run; org limit: ${usage}`,
  ];
  if (s.calendars && 'error' in s.calendars) lines.push(`  calendars: not read (${s.calendars.error})`);
  else if (s.calendars)
    lines.push(
      `  calendars: ${s.calendars.read} of ${s.calendars.managers} managers read, ${s.calendars.meetings} client meetings, ` +
        `${s.calendars.graphCalls} Graph calls` +
        (s.calendars.failed.length ? `; not read: ${s.calendars.failed.map((f) => f.failure).join(', ')}` : ''),
    );
  for (const w of s.wouldWrite ?? []) lines.push(`  would upsert ${w.object} ${w.key}: ${JSON.stringify(w.fields)}`);
  return lines.join('\n');
}
