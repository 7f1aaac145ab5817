import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../src/platform/config/config.ts';
import { callAdmin } from '../../scripts/cli/admin-client.ts';
import { readAdminPort } from '../../src/edge/http/admin-token.ts';
import { freePort } from './free-port.ts';
import { spawnWatched } from './watched-child.ts';

/** The real server (`src/main.ts`) in a process of its own, as one replica behind a load balancer would run. */
export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** What it printed so far (stdout and stderr), for a failure message. */
  output(): string;
  /** The admin listener (127.0.0.1, the port the server wrote to its data folder), for raw calls. */
  adminUrl(): string;
  /** An admin route through the CLI's client (token from this replica's data folder), as `npm run cycle` calls it. */
  admin<S>(path: string, body: object): Promise<S>;
  /** SIGTERM, then the exit code; the data folder is removed unless the caller gave it. */
  stop(): Promise<number | null>;
  /** SIGKILL (kill -9): no shutdown, no cleanup, as a crash or an OOM kill would end it. */
  kill9(): Promise<void>;
}

/**
 * Starts the server with `env` on a free loopback port and a data folder (its own unless `dataDir` is given, e.g.
 * to restart on the same embedded database), and waits (up to `readyMs`) for `/readyz`. The caller gives the
 * database (DATABASE_URL or the folder), Salesforce (SF_*) and Teams (TEAMS_SERVICE_URL). It logs at debug, and all it
 * prints goes through the suite's secret scan (watched-child.ts).
 */
export async function startServerProcess(
  env: Record<string, string>,
  options: { readyMs?: number; dataDir?: string } = {},
): Promise<ServerProcess> {
  const readyMs = options.readyMs ?? 60_000;
  const port = await freePort();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pulse-replica-'));
  const child = spawnWatched(process.execPath, ['--import', 'tsx', '--disable-warning=DEP0111', 'src/main.ts'], {
    env: { ...process.env, PULSE_ENV: 'none', ...env, PORT: String(port), DATA_DIR: dataDir },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${out}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() - started > readyMs) {
      child.kill('SIGKILL');
      throw new Error(`the server was not ready within ${readyMs} ms: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const config = readConfig({ PULSE_ENV: 'none', DATA_DIR: dataDir, PORT: String(port) });
  return {
    url,
    port,
    dataDir,
    child,
    output: () => out,
    adminUrl: () => `http://127.0.0.1:${readAdminPort(dataDir)}`,
    async admin<S>(path: string, body: object): Promise<S> {
      const result = await callAdmin<S>(config, path, body, () => undefined);
      if (result === undefined) throw new Error(`no server answered ${path} on ${url}`);
      return result;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
