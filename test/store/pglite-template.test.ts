import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPgliteTemplate, isPgliteTemplate, seedFromTemplate } from '../../src/adapters/store/pglite-template.ts';
import { openPgliteDatabase } from '../../src/adapters/store/pglite-database.ts';
import { loadMigrations, schemaVersion } from '../../src/adapters/store/migrate.ts';

describe('The pre-initialised embedded database folder', () => {
  let work: string;
  let template: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'pulse-template-test-'));
    template = join(work, 'template');
    await buildPgliteTemplate(template);
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('When the template is built, then it is complete, migrated and leaves no staging folder behind', async () => {
    expect(isPgliteTemplate(template)).toBe(true);
    expect(readdirSync(work).filter((f) => f.includes('staging'))).toEqual([]);
    const copy = join(work, 'inspect');
    expect(seedFromTemplate(copy, template)).toBe(true);
    const db = await openPgliteDatabase(copy);
    try {
      expect(await schemaVersion(db)).toBe((await loadMigrations()).length);
      const [row] = await db.query<{ s: string }>("SELECT current_setting('shared_buffers') AS s");
      // Set at the open, over the folder's own postgresql.conf (128 MB): openPgliteDatabase's EMBEDDED_SHARED_BUFFERS.
      expect(row?.s).toBe('16MB');
    } finally {
      await db.close();
    }
  });

  it('When a template is already there, then building again keeps it as it is', async () => {
    const marker = join(template, 'pulse-template.json');
    const before = readFileSync(marker, 'utf8');
    const mtime = statSync(marker).mtimeMs;
    await buildPgliteTemplate(template);
    expect(readFileSync(marker, 'utf8')).toBe(before);
    expect(statSync(marker).mtimeMs).toBe(mtime);
  });

  it('When a new folder is seeded, then it opens as a database of its own, and seeding again never overwrites it', async () => {
    const folder = join(work, 'data-a');
    expect(seedFromTemplate(folder, template)).toBe(true);
    let db = await openPgliteDatabase(folder);
    await db.exec('CREATE TABLE kept (v text)');
    await db.query('INSERT INTO kept VALUES ($1)', ['mine']);
    await db.close();
    expect(seedFromTemplate(folder, template)).toBe(false);
    db = await openPgliteDatabase(folder);
    try {
      expect(await db.query('SELECT v FROM kept')).toEqual([{ v: 'mine' }]);
    } finally {
      await db.close();
    }
    // The copy is the folder's own: the template has no such table.
    const other = join(work, 'data-b');
    expect(seedFromTemplate(other, template)).toBe(true);
    const fresh = await openPgliteDatabase(other);
    try {
      expect(await fresh.query("SELECT to_regclass('kept') IS NULL AS absent")).toEqual([{ absent: true }]);
    } finally {
      await fresh.close();
    }
  });

  it('When the folder holds something else, or the template is incomplete, then nothing is copied', () => {
    const busy = join(work, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'notes.txt'), 'not a database');
    expect(seedFromTemplate(busy, template)).toBe(false);
    expect(readFileSync(join(busy, 'notes.txt'), 'utf8')).toBe('not a database');

    const halfMade = join(work, 'half-made');
    mkdirSync(halfMade);
    writeFileSync(join(halfMade, 'PG_VERSION'), '17\n');
    expect(isPgliteTemplate(halfMade)).toBe(false);
    expect(seedFromTemplate(join(work, 'data-c'), halfMade)).toBe(false);
  });
});
