import type { Clock } from '../core/domain/clock.ts';
import { randomBytes } from 'node:crypto';
import type { SalesforceSettings } from '../platform/config/config.ts';
import type { Logger } from '../platform/log/logger.ts';
import { connectSalesforce } from '../adapters/salesforce/connect-salesforce.ts';
import { salesforceCrm, type Crm } from '../adapters/salesforce/salesforce-crm.ts';
import { CALENDAR_KEY_FIELD } from '../adapters/salesforce/sf-schema.ts';
import { SalesforceStandIn } from '../stand-ins/salesforce/salesforce-stand-in.ts';
import { buildDemoOrg, DEMO_INTEGRATION_USERNAME } from '../stand-ins/salesforce/demo/demo-org.ts';

/** A Salesforce connection ready for the sync, and how to let it go. */
export interface OpenSalesforce {
  crm: Crm;
  demo: boolean;
  close(): Promise<void>;
}

/** No SF_ connection settings: the demo org's stand-in is used. */
export const usesDemoOrg = (settings: SalesforceSettings): boolean => !settings.connection;

/**
 * Connects to the configured org, or (no SF_ settings) starts the demo org's stand-in in this process on a
 * loopback port and connects to it through the very same jsforce adapter and OAuth flow.
 */
export async function openSalesforce(
  settings: SalesforceSettings,
  log: Logger,
  now: Clock,
  /** The demo org's integration user holds the calendar permission set (`GRAPH_CALENDAR_WRITE_BACK=on`). */
  options: { calendarEvents?: boolean } = {},
): Promise<OpenSalesforce> {
  if (settings.connection) {
    const { conn, breaker } = await connectSalesforce({ ...settings, connection: settings.connection }, log);
    return { crm: salesforceCrm(conn, breaker, log), demo: false, close: async () => undefined };
  }
  const secret = randomBytes(24).toString('base64url');
  const dataset = buildDemoOrg({ now: now() });
  if (options.calendarEvents) dataset.declareFields('Event', [CALENDAR_KEY_FIELD]);
  const standIn = await new SalesforceStandIn({
    dataset,
    client: {
      consumerKey: 'pulse-demo-app',
      clientSecret: secret,
      publicKeyPem: '',
      integrationUsername: DEMO_INTEGRATION_USERNAME,
    },
  }).start();
  log.info(
    { url: standIn.url },
    'demo Salesforce org; set SF_LOGIN_URL and SF_CLIENT_ID (see README) to connect yours',
  );
  const connected = connectSalesforce(
    {
      ...settings,
      connection: {
        loginUrl: standIn.url,
        clientId: 'pulse-demo-app',
        flow: 'client_credentials',
        clientSecret: secret,
      },
    },
    log,
  );
  // A failed connection leaves no demo org running behind it: the next attempt starts its own.
  const { conn, breaker } = await connected.catch(async (error: unknown) => {
    await standIn.stop();
    throw error;
  });
  return { crm: salesforceCrm(conn, breaker, log), demo: true, close: () => standIn.stop() };
}
