import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ConfigError, readConfig } from '../src/platform/config/config.ts';
import { loadEnvFiles } from '../src/platform/config/env-files.ts';

/**
 * `npm run playground`: the bot in local mode plus the Microsoft 365 Agents Playground pointed at it. A bot already
 * running on the configured port is reused, so the embedded database is never opened by a second process.
 * PLAYGROUND_PORT (default 56150) moves the Playground; TEAMSAPPTESTER_BROWSER=none (or --headless, or CI) keeps it
 * from opening a browser.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const { env } = loadEnvFiles(root, process.env);
let config;
try {
  config = readConfig(env);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
if (config.bot) {
  process.stderr.write(
    'The Agents Playground sends no Bot Framework tokens, so the bot must run in local mode: unset MicrosoftAppId ' +
      '(e.g. PULSE_ENV=local, whose env/.env.local leaves it empty).\n',
  );
  process.exit(1);
}
const host = config.host === 'localhost' ? '127.0.0.1' : config.host;
const botUrl = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
const headless = process.argv.includes('--headless') || process.env.CI === 'true' || !process.env.DISPLAY;
const children: ChildProcess[] = [];

async function isUp(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    // Not listening (yet): the caller waits or starts it.
    return false;
  }
}

let stopping = false;
/** Stops both children and exits once they have (or after 20 s): the bot drains its requests and closes its database. */
function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  for (const child of running) child.kill('SIGTERM');
  const force = setTimeout(() => process.exit(code), 20_000);
  void Promise.all(running.map((c) => new Promise((r) => c.once('exit', r)))).then(() => {
    clearTimeout(force);
    process.exit(code);
  });
}

function start(command: string, args: string[], childEnv: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd: root, env: childEnv, stdio: 'inherit' });
  children.push(child);
  child.on('exit', (code) => stopAll(code ?? 0));
  return child;
}

async function main(): Promise<void> {
  const reused = await isUp(`${botUrl}/healthz`);
  if (reused) {
    console.log(`Using the bot already running on ${botUrl}.`);
  } else {
    // The same bot `npm start` runs (with the demo org its months move only by `npm run cycle`), so the README's
    // walk tells the same story whichever was started first.
    start(process.execPath, ['--import', 'tsx', '--disable-warning=DEP0111', 'src/main.ts'], process.env);
    // A first start runs initdb for the embedded database: seconds on an idle machine, minutes on a busy CI runner.
    const deadline = Date.now() + 300_000;
    while (!(await isUp(`${botUrl}/readyz`))) {
      if (Date.now() > deadline) {
        process.stderr.write(`The bot did not become ready on ${botUrl} within 300 s.\n`);
        return stopAll(1);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const bin = join(root, 'node_modules', '.bin', 'agentsplayground');
  start(
    bin,
    ['start', '-e', `${botUrl}/api/messages`, '-c', 'msteams', '-p', String(playgroundPort), '--disable-telemetry'],
    {
      ...process.env,
      ...(headless ? { TEAMSAPPTESTER_BROWSER: 'none' } : {}),
    },
  );
  console.log(
    `Agents Playground on http://127.0.0.1:${playgroundPort} (mock users from .m365agentsplayground.yml). ` +
      (reused ? 'Ctrl+C stops the Playground; the bot keeps running where it was started.' : 'Ctrl+C stops both.'),
  );
}

process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));
void main();
