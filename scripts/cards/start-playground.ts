import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A running `npm run playground` (bot in local mode + Agents Playground) on free ports with its own data folder. */
export interface RunningPlayground {
  /** The Playground's web page, e.g. http://127.0.0.1:41234 */
  url: string;
  botPort: number;
  /** Everything both processes printed, for diagnosing a failed run. */
  output(): string;
  /** `npm run cycle -- <args>` against the running bot, as an operator runs it; throws on a non-zero exit. */
  cycle(...args: string[]): string;
  stop(): Promise<void>;
}

/**
 * Starts the demo as README's quick start does (`npm run playground`), headless, on free loopback ports. With no
 * `bot`, the Playground starts its own bot with a fresh embedded database that `stop()` removes, CYCLE_SCHEDULE=manual
 * (only `cycle` moves the month) and no demo history (the flows answer every month themselves). With `bot`, it uses
 * the bot already running there (`npm start` in another terminal, as the README's walk does) and stops only itself.
 */
export async function startPlayground(
  options: { timeoutMs?: number; bot?: { port: number; dataDir: string } } = {},
): Promise<RunningPlayground> {
  const { timeoutMs = 360_000, bot } = options;
  const dataDir = bot?.dataDir ?? mkdtempSync(join(tmpdir(), 'pulse-playground-'));
  const botPort = bot?.port ?? (await freePort());
  const playgroundPort = await freePort();
  const env = { ...process.env, PULSE_ENV: 'local', PORT: String(botPort), DATA_DIR: dataDir };
  const child = spawn('npm', ['run', '--silent', 'playground'], {
    cwd: root,
    env: {
      ...env,
      PLAYGROUND_PORT: String(playgroundPort),
      TEAMSAPPTESTER_BROWSER: 'none',
      ...(bot ? {} : { CYCLE_SCHEDULE: 'manual', DEMO_HISTORY: 'off' }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${playgroundPort}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    if (!bot) rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/_internal/v1/testConfig`)).ok) break;
    } catch {
      // Not listening yet: keep waiting until the deadline.
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`The Playground did not come up on ${url}:\n${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    botPort,
    output: () => output,
    cycle(...args) {
      const cli = spawnSync('npm', ['run', '--silent', 'cycle', '--', ...args], { cwd: root, env, encoding: 'utf8' });
      if (cli.status !== 0) throw new Error(`npm run cycle -- ${args.join(' ')} failed: ${cli.stderr}`);
      return cli.stdout;
    },
    stop,
  };
}
