import { systemClock } from '../../core/domain/clock.ts';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/** How often the holder touches its lock file, and how long a lock without a touch is taken for abandoned. */
const LOCK_HEARTBEAT_MS = 10_000;
const LOCK_STALE_MS = 60_000;
/** A lock file with no holder written yet is a creator mid-write for this long, then a crash's leftover. */
const EMPTY_LOCK_GRACE_MS = 5_000;

/** Another live process holds the embedded database; opening it too would corrupt it. */
export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
    holderHost = hostname(),
  ) {
    super(
      `The embedded database in ${dataDir} is already open in process ${holderPid}` +
        `${holderHost === hostname() ? '' : ` on host ${holderHost}`}. ` +
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
  /** When the process started (Linux: /proc/<pid>/stat), so a recycled pid is not taken for the holder. */
  started?: string;
}

/** The kernel's start time of a process, or undefined where /proc is not available. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime), counted after the command name, which may itself hold spaces and parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    // No /proc (macOS, Windows) or no such process.
    return undefined;
  }
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
    const info = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>;
    return typeof info.pid === 'number' && typeof info.host === 'string' ? (info as LockInfo) : undefined;
  } catch {
    // A lock file being written right now, or truncated by a crash mid-write: no holder can be named.
    return undefined;
  }
}

/**
 * Why a lock left behind may be taken over, or undefined while its holder may still be alive: a dead pid on this
 * host, a pid now used by a later process, an empty file older than any write takes, or no heartbeat for
 * LOCK_STALE_MS (the holder's host is gone, e.g. a container recreated on the same volume).
 */
function staleReason(path: string, holder: LockInfo | undefined, now: number): string | undefined {
  let age: number;
  try {
    age = now - statSync(path).mtimeMs;
  } catch {
    return 'the lock file vanished';
  }
  if (!holder) return age > EMPTY_LOCK_GRACE_MS ? 'the lock file names no holder' : undefined;
  if (holder.host === hostname()) {
    if (!isAlive(holder.pid)) return `process ${holder.pid} is gone`;
    const started = processStart(holder.pid);
    if (holder.started && started) {
      // The holder itself, however long its event loop has been busy, is never taken over.
      return started === holder.started ? undefined : `pid ${holder.pid} now belongs to another process`;
    }
  }
  return age > LOCK_STALE_MS ? `no heartbeat for ${Math.round(age / 1000)} s` : undefined;
}

/**
 * Takes the exclusive lock on an embedded-database folder: a file created with O_EXCL holding our pid, host and
 * process start time, touched every LOCK_HEARTBEAT_MS while held. A stale lock (see `staleReason`) is taken
 * over; a live holder makes this throw DataDirLockedError naming it. Returns the function that releases it.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'pulse.lock');
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    since: systemClock().toISOString(),
    started: processStart(process.pid),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      const heartbeat = setInterval(() => {
        try {
          const t = systemClock();
          utimesSync(path, t, t);
        } catch {
          // The folder went away under us; release() has nothing left to remove either.
        }
      }, LOCK_HEARTBEAT_MS);
      heartbeat.unref();
      return () => {
        clearInterval(heartbeat);
        if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      if (!staleReason(path, holder, systemClock().getTime()))
        throw new DataDirLockedError(dir, holder?.pid ?? -1, holder?.host);
      rmSync(path, { force: true });
    }
  }
  throw new DataDirLockedError(dir, -1);
}
