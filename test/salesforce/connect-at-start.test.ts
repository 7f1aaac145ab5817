import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforce } from '../support/start-salesforce.ts';
import { startServerProcess } from '../support/server-process.ts';
import { until } from '../support/until.ts';

/**
 * The server answers Teams while Salesforce connects (jsforce, the first token): Salesforce being down or
 * misconfigured must not take the bot down. The server stays up and ready, says why in its log, and the next sync
 * connects again. The stand-in's token endpoint checks the client credentials as Salesforce does before it issues a
 * token (https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm):
 * a wrong secret gets 400 `invalid_client`; an injected fault gives a 503 as during a Salesforce maintenance window.
 */
let sf: Awaited<ReturnType<typeof startSalesforce>>;

beforeAll(async () => {
  sf = await startSalesforce();
});

afterAll(async () => {
  await sf?.sf.stop();
});

async function waitForOutput(output: () => string, text: string): Promise<void> {
  await until(`"${text}" in the server's log`, () => output().includes(text), 30_000, 100);
  expect(output()).toContain(text);
}

describe('Salesforce failing at start', () => {
  it('When the token endpoint answers 503 at start, then the server stays ready, logs why, and the sync, retrying, connects again and syncs', async () => {
    sf.sf.faults.push({ route: 'token', status: 503, errorCode: 'temporarily_unavailable', times: 1 });
    const server = await startServerProcess({ ...sf.serverEnv(), DATABASE_URL: '' });
    try {
      await waitForOutput(server.output, 'could not connect to Salesforce');
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      // The first sync may share the failed connection (it starts as the server listens); a sync failing on a passing
      // fault runs again within seconds, not at the next interval, and connects again.
      await waitForOutput(server.output, 'sync finished');
      expect(server.output()).toContain('connected to Salesforce"');
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(server.output()).not.toContain(sf.serverEnv().SF_CLIENT_SECRET);
  }, 120_000);

  it('When the client secret is wrong, then the server stays up and ready, logs the refusal without the secret, and stops cleanly', async () => {
    const server = await startServerProcess({
      ...sf.serverEnv(),
      SF_CLIENT_SECRET: 'not-the-secret',
      DATABASE_URL: '',
    });
    try {
      await waitForOutput(server.output, 'could not connect to Salesforce');
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      await expect(server.admin('/admin/sync', { full: true })).rejects.toThrow();
      expect(server.child.exitCode).toBeNull();
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(server.output()).not.toContain('not-the-secret');
  }, 120_000);
});
