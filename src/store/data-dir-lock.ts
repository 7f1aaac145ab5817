import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/** Another live process holds the embedded database; opening it too would corrupt it. */
export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is already open in process ${holderPid}. ` +
        'Only one process may open it: stop that process, run this command through the running server, ' +
        'or set DATABASE_URL to use PostgreSQL, which many processes can share.',
    );
    this.name = 'DataDirLockedError';
  }
}

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; only ESRCH means it is gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    // A lock file being written right now, or truncated by a crash mid-write: no holder can be named.
    return undefined;
  }
}

/**
 * Takes the exclusive lock on an embedded-database folder: a file created with O_EXCL holding our pid.
 * A lock left by a dead process on this host is taken over; a live holder makes this throw DataDirLockedError.
 * Returns the function that releases it.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'pulse.lock');
  const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      return () => {
        if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      const stale = holder !== undefined && holder.host === info.host && !isAlive(holder.pid);
      if (!stale) throw new DataDirLockedError(dir, holder?.pid ?? -1);
      rmSync(path, { force: true });
    }
  }
  throw new DataDirLockedError(dir, -1);
}
