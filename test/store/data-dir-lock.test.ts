import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from '../../src/adapters/store/data-dir-lock.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { migrate } from '../../src/adapters/store/migrate.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { freePort } from '../support/free-port.ts';
import { runWatched } from '../support/watched-child.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'pulse-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const runMain = (env: Record<string, string>) =>
  runWatched(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, ...env, PULSE_ENV: 'test-none' },
  });

describe('The embedded database lock', () => {
  it('When the same folder is locked twice, then the second is refused with the holder and the fix', () => {
    const dir = tempDir();
    const release = acquireDataDirLock(dir);
    try {
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`already open in process ${process.pid}.*DATABASE_URL`));
    } finally {
      release();
    }
    acquireDataDirLock(dir)();
  });

  it('When the lock was left by a process that died, then it is taken over', () => {
    const dir = tempDir();
    // pid 2^22+1 is above Linux's default pid_max, so no live process has it.
    writeFileSync(join(dir, 'pulse.lock'), JSON.stringify({ pid: 4_194_305, host: hostname(), since: '2026-01-01' }));
    const release = acquireDataDirLock(dir);
    release();
  });

  it('When a second process opens the data folder the server holds, then it exits 1 with a clear message and no data is lost', async () => {
    const dir = tempDir();
    const { log } = captureLogs();
    const db = await openDatabase({ databaseUrl: undefined, dataDir: dir }, log);
    try {
      await migrate(db);
      await db.query(`INSERT INTO teams_users (id, name) VALUES ('29:keep', 'Kept')`);
      const second = await runMain({ DATA_DIR: dir, PORT: '0' });
      expect(second.code).toBe(1);
      expect(second.output).toContain(`already open in process ${process.pid}`);
      const rows = await db.query<{ name: string }>(`SELECT name FROM teams_users WHERE id = '29:keep'`);
      expect(rows).toEqual([{ name: 'Kept' }]);
    } finally {
      await db.close();
    }
    // Released at close: the folder opens again, with the row.
    const again = await openDatabase({ databaseUrl: undefined, dataDir: dir }, log);
    expect(await again.query(`SELECT id FROM teams_users`)).toEqual([{ id: '29:keep' }]);
    await again.close();
  }, 60_000);

  /** Writes a lock file as another process left it, last touched `ageMs` ago. */
  const leaveLock = (dir: string, content: string, ageMs: number) => {
    const path = join(dir, 'pulse.lock');
    writeFileSync(path, content);
    const t = new Date(Date.now() - ageMs);
    utimesSync(path, t, t);
  };

  it('When the lock file is empty (a crash between create and write), then it is taken over once older than a write takes', () => {
    const dir = tempDir();
    leaveLock(dir, '', 1000);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    leaveLock(dir, '', 60_000);
    acquireDataDirLock(dir)();
  });

  it(
    'When the lock names another host (a container recreated on the same volume), then it holds while ' +
      'that host touches it and is taken over after the heartbeat stops',
    () => {
      const dir = tempDir();
      const other = JSON.stringify({ pid: process.pid, host: 'old-container-1234', since: '2026-01-01' });
      leaveLock(dir, other, 1000);
      expect(() => acquireDataDirLock(dir)).toThrow(/in process \d+ on host old-container-1234/);
      leaveLock(dir, other, 5 * 60_000);
      acquireDataDirLock(dir)();
    },
  );

  it('When the pid in the lock now belongs to another process, then the lock is taken over instead of naming that process', () => {
    const dir = tempDir();
    // The parent (vitest) is alive on this host, but it is not the process that wrote the lock.
    leaveLock(dir, JSON.stringify({ pid: process.ppid, host: hostname(), since: '2026-01-01', started: '1' }), 1000);
    acquireDataDirLock(dir)();
  });

  it('When the holder is alive and its lock is old (its event loop was busy), then it is never taken over', () => {
    const dir = tempDir();
    const release = acquireDataDirLock(dir);
    try {
      const t = new Date(Date.now() - 10 * 60_000);
      utimesSync(join(dir, 'pulse.lock'), t, t);
      expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`already open in process ${process.pid}\\.`));
    } finally {
      release();
    }
  });

  it('When the port is already in use, then the server exits 1 with a clear message, no stack, and leaves no lock behind', async () => {
    const dir = tempDir();
    const port = await freePort();
    const squatter = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => squatter.once('listening', r));
    try {
      const r = await runMain({ DATA_DIR: dir, PORT: String(port), SF_SYNC_INTERVAL_MINUTES: '0' });
      expect(r.code).toBe(1);
      expect(r.output).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(r.output).not.toMatch(/\n\s+at /);
      expect(existsSync(join(dir, 'pulse.lock'))).toBe(false);
    } finally {
      squatter.close();
    }
  }, 90_000);
});
