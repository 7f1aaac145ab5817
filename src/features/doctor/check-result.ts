/** One doctor check's verdict: what was checked, what was found, and for a failure the fix to make. */
export interface CheckResult {
  check:
    | 'configuration'
    | 'database'
    | 'salesforce write-back'
    | 'salesforce login'
    | 'salesforce org set-up'
    | 'salesforce field access'
    | 'bot credentials'
    | 'calendars';
  status: 'ok' | 'fail' | 'skipped';
  detail: string;
  /** What to change, naming the setting; present on every failure. */
  fix?: string;
}

/** The report `npm run doctor` prints: one block per check, failures with their fix. */
export function formatDoctorReport(results: readonly CheckResult[]): string {
  const mark = { ok: 'ok  ', fail: 'FAIL', skipped: 'skip' } as const;
  const lines = results.flatMap((r) => [
    `[${mark[r.status]}] ${r.check}: ${r.detail}`,
    ...(r.fix ? [`       fix: ${r.fix}`] : []),
  ]);
  const failed = results.filter((r) => r.status === 'fail').length;
  lines.push(failed ? `${failed} check(s) failed.` : 'All checks passed.');
  return lines.join('\n');
}
