import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { startServerProcess } from '../support/server-process.ts';
import { freePort } from '../support/free-port.ts';

/**
 * The server answers Teams while Salesforce connects (jsforce, the first token), so a connection refused at start
 * is noticed after it listens: it must still stop the server, say why in its log, and leave the data folder to the
 * next start (the lock released, the embedded database closed cleanly).
 * The stand-in's token endpoint checks the client credentials as Salesforce validates them before it issues a token
 * (https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm), and
 * answers a wrong secret with 400 `invalid_client`.
 */
let sf: Awaited<ReturnType<typeof startSalesforce>>;
const dataDir = mkdtempSync(join(tmpdir(), 'pulse-sf-at-start-'));

beforeAll(async () => {
  sf = await startSalesforce();
});

afterAll(async () => {
  await sf?.sf.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Salesforce refusing the connection at start', () => {
  it('When the token endpoint refuses the client secret, then the server stops with exit code 1 and says why, and the next start opens the same data folder', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=DEP0111', 'src/main.ts'], {
      env: {
        ...process.env,
        PULSE_ENV: 'none',
        LOG_LEVEL: 'info',
        ...sf.serverEnv(),
        SF_CLIENT_SECRET: 'not-the-secret',
        PORT: String(await freePort()),
        DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the server did not stop within 60 s: ${out}`));
      }, 60_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code, out).toBe(1);
    expect(out).toContain('could not connect to Salesforce; stopping');
    expect(out).toContain('"stopped"');
    expect(out).not.toContain('not-the-secret');

    const again = await startServerProcess({ ...sf.serverEnv() }, { dataDir });
    try {
      expect((await fetch(`${again.url}/readyz`)).status).toBe(200);
    } finally {
      expect(await again.stop()).toBe(0);
    }
  }, 120_000);
});
