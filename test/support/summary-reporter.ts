import type { UserConsoleLog } from 'vitest';
import type { Reporter, TestModule } from 'vitest/node';
import { recordLogged } from './secret-watch.ts';

/** Prints the plain closing line CI reads ("tests: N passed, N failed, N skipped") after vitest's own summary. */
export default class SummaryReporter implements Reporter {
  /** What tests print (their stdout and stderr) is scanned for secrets with the captured logs. */
  onUserConsoleLog(log: UserConsoleLog): void {
    recordLogged(log.content);
  }

  onTestRunEnd(testModules: readonly TestModule[]): void {
    const counts = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const m of testModules) for (const t of m.children.allTests()) counts[t.result().state] += 1;
    process.stdout.write(
      `\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped + counts.pending} skipped\n`,
    );
  }
}
