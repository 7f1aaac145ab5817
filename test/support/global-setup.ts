import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPgliteDatabase } from '../../src/adapters/store/pglite-database.ts';
import { migrate } from '../../src/adapters/store/migrate.ts';
import { findLeakedSecrets } from './secret-watch.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteEmptyTemplate: string;
    pgliteMigratedTemplate: string;
  }
}

/** Runs PGlite's initdb twice per test run (empty and migrated) so test files copy a folder instead (~3 s each). */
export default async function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), 'pulse-pglite-template-'));
  // Test workers inherit this: they record secrets and captured logs there for the scan at teardown.
  const watch = mkdtempSync(join(tmpdir(), 'pulse-secret-watch-'));
  process.env.PULSE_SECRET_WATCH_DIR = watch;
  const empty = join(root, 'empty');
  const migrated = join(root, 'migrated');
  const a = await openPgliteDatabase(empty);
  await a.close();
  const b = await openPgliteDatabase(migrated);
  await migrate(b);
  await b.close();
  project.provide('pgliteEmptyTemplate', empty);
  project.provide('pgliteMigratedTemplate', migrated);
  return () => {
    rmSync(root, { recursive: true, force: true });
    const leaks = findLeakedSecrets(watch);
    rmSync(watch, { recursive: true, force: true });
    if (leaks.length) {
      // vitest reports a teardown error but keeps the exit code: set it, so CI fails.
      process.exitCode = 1;
      throw new Error(`Secrets appeared in the logs of this test run:\n${leaks.join('\n')}`);
    }
  };
}
