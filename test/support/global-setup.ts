import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPgliteDatabase } from '../../src/store/pglite-database.ts';
import { migrate } from '../../src/store/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteEmptyTemplate: string;
    pgliteMigratedTemplate: string;
  }
}

/** Runs PGlite's initdb twice per test run (empty and migrated) so test files copy a folder instead (~3 s each). */
export default async function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), 'pulse-pglite-template-'));
  const empty = join(root, 'empty');
  const migrated = join(root, 'migrated');
  const a = await openPgliteDatabase(empty);
  await a.close();
  const b = await openPgliteDatabase(migrated);
  await migrate(b);
  await b.close();
  project.provide('pgliteEmptyTemplate', empty);
  project.provide('pgliteMigratedTemplate', migrated);
  return () => rmSync(root, { recursive: true, force: true });
}
