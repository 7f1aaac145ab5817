import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../src/platform/config/config.ts';
import { callAdmin } from '../../scripts/cli/admin-client.ts';
import { productionStart } from '../../scripts/build/production-command.ts';
import { readAdminPort } from '../../src/edge/http/admin-token.ts';
import { freePort } from './free-port.ts';
import { answersOk, until } from './until.ts';
import { spawnWatched } from './watched-child.ts';

/** The real server (`src/main.ts`) in a process of its own, as one replica behind a load balancer would run. */
export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Its exit code once it has exited (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** What it printed so far (stdout and stderr), for a failure message. */
  output(): string;
  /** The admin listener (127.0.0.1, the port the server wrote to its data folder), for raw calls. */
  adminUrl(): string;
  /** An admin route through the CLI's client (token from this replica's data folder), as `npm run cycle` calls it. */
  admin<S>(path: string, body: object): Promise<S>;
  /** `signal` (SIGTERM by default; SIGINT as Ctrl-C, SIGHUP as a closed terminal), then the exit code; the data folder
   * is removed unless the caller gave it. Started through npm, the signal goes to npm, which must pass it on. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGKILL (kill -9), to the whole process group when started through npm: no shutdown, no cleanup, as a crash. */
  kill9(): Promise<void>;
}

/**
 * How the server is started: `tsx` runs src/main.ts from the sources (the tests' usual way), `npm-start` runs
 * `npm start` as the README documents it (npm, its shell, then the server), `dist` runs the production build
 * in `cwd` as `npm run start:prod` does (node, start:prod's options, dist/src/main.js), and `npm-start-prod` runs
 * `npm run start:prod` itself.
 */
type ServerCommand = 'tsx' | 'npm-start' | 'dist' | 'npm-start-prod';
/** Started through npm: the server is npm's grandchild (npm, its shell, then node). */
const throughNpm = (c: ServerCommand) => c === 'npm-start' || c === 'npm-start-prod';

/** How `startServerProcess` starts the server; all optional. */
interface ServerProcessOptions {
  command?: ServerCommand;
  /** Where it runs (a production build copied to a folder of its own); the checkout by default. */
  cwd?: string;
  /** Its data folder (to restart on the same embedded database, or to look into it after the stop); kept at stop. */
  dataDir?: string;
  /** How long it may take to answer /readyz (60 s by default). */
  readyMs?: number;
  /** true: only `env` and PATH, not this process's environment, as on a clean host. */
  cleanEnv?: boolean;
}

const production = productionStart();
const commands: Record<ServerCommand, readonly [string, ...string[]]> = {
  tsx: [process.execPath, '--import', 'tsx', '--disable-warning=DEP0111', 'src/main.ts'],
  'npm-start': ['npm', 'start', '--silent'],
  // As `npm run start:prod` runs it, with its Node options (its warning flags and the heap's limit).
  dist: [process.execPath, ...production.nodeOptions, production.entry],
  'npm-start-prod': ['npm', 'run', '--silent', 'start:prod'],
};

/**
 * Starts the server with `env` on a free loopback port and a data folder (its own unless `dataDir` is given), and
 * waits for `/readyz`. The caller gives the database (DATABASE_URL or the folder), Salesforce (SF_*) and Teams
 * (TEAMS_SERVICE_URL). It logs at debug, and all it prints goes through the suite's secret scan (watched-child.ts).
 */
export async function startServerProcess(
  env: Record<string, string>,
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const { readyMs = 60_000 } = options;
  // `npm run test:build` runs the tests that start the server against the production bundle instead of the sources.
  const command = process.env.TEST_SERVER_BUILD === 'dist' ? 'dist' : (options.command ?? 'tsx');
  const port = await freePort();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pulse-replica-'));
  const base = options.cleanEnv ? { PATH: process.env.PATH } : process.env;
  const [program, ...args] = commands[command];
  const child = spawnWatched(program, args, {
    cwd: options.cwd,
    env: { ...base, PULSE_ENV: 'none', ...env, PORT: String(port), DATA_DIR: dataDir },
    // npm runs the server as a grandchild: a group of its own lets kill9 reach it too.
    detached: throughNpm(command),
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const kill9 = async () => {
    if (throughNpm(command)) killGroup(child.pid!);
    else if (!gone()) child.kill('SIGKILL');
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await until(
      () => `the server's /readyz: ${out}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${out}`);
        return answersOk(`${url}/readyz`);
      },
      readyMs,
      100,
    );
  } catch (e) {
    await kill9();
    throw e;
  }
  const config = readConfig({ PULSE_ENV: 'none', DATA_DIR: dataDir, PORT: String(port) });
  return {
    url,
    port,
    dataDir,
    child,
    exited,
    output: () => out,
    adminUrl: () => `http://127.0.0.1:${readAdminPort(dataDir)}`,
    async admin<S>(path: string, body: object): Promise<S> {
      const result = await callAdmin<S>(config, path, body, () => undefined);
      if (result === undefined) throw new Error(`no server answered ${path} on ${url}`);
      return result;
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (!gone()) child.kill(signal);
      const code = await exited;
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
    kill9,
  };
}

/** SIGKILL to a process group (npm, its shell and the server), which may be gone already. */
function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // Already gone: every process of the group has exited.
  }
}
