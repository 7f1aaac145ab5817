import {
  type ChildProcess,
  type SpawnOptions,
  type SpawnSyncOptions,
  type SpawnSyncReturns,
  spawn,
  spawnSync,
} from 'node:child_process';
import { recordLogged } from './secret-watch.ts';

/**
 * Every process a test starts goes through here (a dependency-cruiser rule holds test/ to it): it runs at
 * LOG_LEVEL=debug, so what our code and the libraries log at debug reaches the suite's secret scan too, and all it
 * prints on stdout and stderr is recorded for that scan, whether the test reads it or not. Grandchildren (npm's
 * server, the Playground's bot) inherit both the level and the pipes.
 */

/** The level every child logs at (src/platform/config/http-env.ts reads LOG_LEVEL; scripts/cli/with-database.ts too). */
export const CHILD_LOG_LEVEL = 'debug';

let started = 0;

/** `env` (default: this process's) at the children's log level, whatever level the test asked for. */
function debugEnv(env: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  return { ...(env ?? process.env), LOG_LEVEL: CHILD_LOG_LEVEL };
}

/** Where a child's stream is recorded: one file per stream of each child, so its pieces stay in order. */
const streamName = (pid: number | undefined, stream: 'stdout' | 'stderr') =>
  `${process.pid}-child-${pid ?? `unstarted${++started}`}-${stream}`;

/** `spawn`, with stdout and stderr piped (the caller may read them too) and recorded for the secret scan. */
export function spawnWatched(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const stdin = Array.isArray(options.stdio) ? options.stdio[0] : 'ignore';
  const child = spawn(command, args, { ...options, env: debugEnv(options.env), stdio: [stdin, 'pipe', 'pipe'] });
  for (const stream of ['stdout', 'stderr'] as const)
    child[stream]!.on('data', (piece: Buffer) => recordLogged(piece, streamName(child.pid, stream)));
  return child;
}

/** `spawnSync`, its output recorded for the secret scan. */
export function spawnSyncWatched(
  command: string,
  args: readonly string[],
  options: SpawnSyncOptions & { encoding: BufferEncoding },
): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { ...options, env: debugEnv(options.env) });
  for (const stream of ['stdout', 'stderr'] as const)
    if (result[stream]) recordLogged(result[stream], streamName(result.pid, stream));
  return result;
}

/** What a finished child said: its exit code (null when a signal ended it) and each stream whole. */
export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr as they arrived, interleaved. */
  output: string;
}

/**
 * Runs a command to its end through `spawnWatched` (resolved once its streams are closed, so nothing it printed is
 * missed); `timeoutMs` ends it with SIGKILL.
 */
export function runWatched(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<ChildResult> {
  const { timeoutMs, ...spawnOptions } = options;
  const child = spawnWatched(command, args, spawnOptions);
  const result: ChildResult = { code: null, stdout: '', stderr: '', output: '' };
  child.stdout!.on('data', (d) => {
    result.stdout += d;
    result.output += d;
  });
  child.stderr!.on('data', (d) => {
    result.stderr += d;
    result.output += d;
  });
  const timer = timeoutMs ? setTimeout(() => child.kill('SIGKILL'), timeoutMs) : undefined;
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ ...result, code });
    });
  });
}
