import { PINNED_AT, runningClock } from './test-clock.ts';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import type { SalesforceSettings } from '../../src/platform/config/config.ts';
import {
  buildDemoOrg,
  DEMO_INTEGRATION_USERNAME,
  type DemoOrgOptions,
} from '../../src/stand-ins/salesforce/demo/demo-org.ts';
import { demoSyncSettings } from '../../src/stand-ins/salesforce/demo/demo-sync-settings.ts';
import { SalesforceStandIn } from '../../src/stand-ins/salesforce/salesforce-stand-in.ts';
import { connectSalesforce } from '../../src/adapters/salesforce/connect-salesforce.ts';
import { salesforceCrm } from '../../src/adapters/salesforce/salesforce-crm.ts';
import type { Logger } from '../../src/platform/log/logger.ts';
import { registerSecret } from './secret-watch.ts';

/** A Salesforce stand-in on loopback with a demo org (as of `now`, default PINNED_AT), its connected app's key pair, and settings for both flows. */
export async function startSalesforce(
  options: Partial<DemoOrgOptions> & {
    pageSize?: number;
    readableFields?: ReadonlySet<string>;
    clock?: () => number;
  } = {},
) {
  const now = options.now ?? new Date(PINNED_AT);
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const client = {
    consumerKey: '3MVG9-pulse-test',
    clientSecret: 'test-consumer-secret',
    publicKeyPem: await exportSPKI(publicKey),
    integrationUsername: DEMO_INTEGRATION_USERNAME,
  };
  const sf = await new SalesforceStandIn({
    dataset: buildDemoOrg({ ...options, now, salesforceTime: runningClock(now.toISOString()) }),
    client,
    pageSize: options.pageSize,
    readableFields: options.readableFields,
    clock: options.clock,
  }).start();
  const privateKeyPem = await exportPKCS8(privateKey);
  registerSecret(client.clientSecret);
  registerSecret(privateKeyPem);
  const jwt: SalesforceSettings = {
    ...demoSyncSettings,
    connection: {
      loginUrl: sf.url,
      clientId: client.consumerKey,
      flow: 'jwt',
      username: DEMO_INTEGRATION_USERNAME,
      privateKeyPem,
    },
  };
  const clientCredentials: SalesforceSettings = {
    ...demoSyncSettings,
    connection: {
      loginUrl: sf.url,
      clientId: client.consumerKey,
      flow: 'client_credentials',
      clientSecret: client.clientSecret,
    },
  };
  return {
    sf,
    settings: { jwt, clientCredentials },
    /**
     * The environment a server process needs to reach this stand-in (client credentials flow), with the sync
     * schedule and the monthly cycle left to the test (admin routes) rather than to the clock.
     */
    serverEnv: (): Record<string, string> => ({
      SF_LOGIN_URL: sf.url,
      SF_AUTH_FLOW: 'client_credentials',
      SF_CLIENT_ID: client.consumerKey,
      SF_CLIENT_SECRET: client.clientSecret,
      SF_SYNC_INTERVAL_MINUTES: '0',
      CYCLE_SCHEDULE: 'manual',
    }),
    /** A connected Crm over the JWT bearer flow (or the given settings). */
    async connect(log: Logger, settings: SalesforceSettings = jwt) {
      const { conn, breaker } = await connectSalesforce({ ...settings, connection: settings.connection! }, log);
      return salesforceCrm(conn, breaker, log);
    },
  };
}
