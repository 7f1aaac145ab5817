import { randomUUID } from 'node:crypto';
import { systemClock } from '../../core/domain/clock.ts';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { loadMigrations, migrate } from './migrate.ts';
import { fromPglite } from './pglite-database.ts';

/**
 * A pre-initialised embedded database folder, made once (by `npm run build`, or by the first start that finds
 * none) and copied into an empty data folder instead of running PGlite's initdb there: initdb and the migrations
 * took about 3.5 s and 900 MB at peak on every first start. The template is PGlite's folder after initdb and every
 * migration, shut down cleanly (`migrate` on the copy then finds nothing to do). Its name carries the PGlite
 * version and a hash of the migrations, so no PGlite opens a folder made by another one, a changed migration gets a
 * new template, and a template is never replaced while another process copies it.
 *
 * Its buffer pool is not set here: `openPgliteDatabase` sets it at every open, for every folder.
 */
const MARKER = 'pulse-template.json';

function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** The folder name of the template for the installed PGlite and these migrations. */
export async function pgliteTemplateName(): Promise<string> {
  const hash = createHash('sha256');
  for (const m of await loadMigrations()) hash.update(`${m.version}\0${m.name}\0${m.sql}\0`);
  return `pglite-template-${pgliteVersion()}-${hash.digest('hex').slice(0, 12)}`;
}

/** Where the template lives: `.build/` beside `src/` when run from sources, `dist/.build/` in the production build. */
export async function pgliteTemplateDir(): Promise<string> {
  return fileURLToPath(new URL(`../../../.build/${await pgliteTemplateName()}`, import.meta.url));
}

/** A template is usable once complete: its marker is written last, just before it is moved into place. */
export function isPgliteTemplate(dir: string): boolean {
  return existsSync(join(dir, MARKER)) && existsSync(join(dir, 'PG_VERSION'));
}

/**
 * Makes the template in `dir` unless it is there: initdb and migrations into a staging folder of this process, then one rename,
 * so a concurrent start either sees a complete template or none (and the loser of two builds discards its own).
 */
export async function buildPgliteTemplate(dir: string): Promise<void> {
  if (isPgliteTemplate(dir)) return;
  const staging = `${dir}.staging-${process.pid}-${randomUUID().slice(0, 8)}`;
  // A fresh clone has no `.build/` yet, and PGlite does not make a missing parent folder.
  mkdirSync(dirname(dir), { recursive: true });
  try {
    const pg = await PGlite.create(staging);
    await migrate(fromPglite(pg));
    await pg.close();
    writeFileSync(join(staging, MARKER), `${JSON.stringify({ pglite: pgliteVersion(), createdAt: systemClock() })}\n`);
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another process put its template there first: keep that one.
      if (!isPgliteTemplate(dir)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Fills a new embedded database folder from the template: true when copied, false when `target` already holds a
 * database or anything else (left to PGlite as before). Copied to a staging folder and renamed, so a crash
 * mid-copy never leaves a half-made database where PGlite would open it.
 */
export function seedFromTemplate(target: string, template: string): boolean {
  if (!isPgliteTemplate(template)) return false;
  if (existsSync(target) && readdirSync(target).length > 0) return false;
  const staging = `${target}.seeding`;
  rmSync(staging, { recursive: true, force: true });
  cpSync(template, staging, { recursive: true });
  rmSync(join(staging, MARKER));
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  return true;
}
