import { z } from 'zod';
import type { FixTexts, ReportProblem } from './config-error.ts';
import { guid, httpsUrl, optional, withDefault } from './env-values.ts';

/** The channel tab's single sign-on and its demo history. */
export const tabEnv = {
  AAD_APP_CLIENT_ID: optional(guid),
  TAB_DOMAIN: optional(
    z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$/i, 'must be a host name (and port), without scheme or path'),
  ),
  TAB_SSO_JWKS_URL: withDefault(httpsUrl(), 'https://login.microsoftonline.com/common/discovery/v2.0/keys'),
  DEMO_HISTORY: withDefault(z.enum(['auto', 'off']), 'auto'),
};

/** The fix for each tab setting. */
export const tabFixes: FixTexts = {
  AAD_APP_CLIENT_ID:
    "use the tab's Entra app (client) id, a GUID: the manifest's webApplicationInfo.id, whose tokens the tab API accepts",
  TAB_DOMAIN:
    'use the host name the tab is served from, without scheme or path (e.g. pulse.contoso.com): ' +
    'webApplicationInfo.resource is api://<TAB_DOMAIN>/<AAD_APP_CLIENT_ID>',
  TAB_SSO_JWKS_URL:
    "use Microsoft Entra ID's signing keys, https://login.microsoftonline.com/common/discovery/v2.0/keys (tests use a local key set)",
  DEMO_HISTORY:
    'use auto (with the demo Salesforce org and no returns yet, add six months of demo returns for the tab) or off',
};

/** The tab's settings of one process. */
export interface TabSettings {
  /**
   * The tab's single sign-on: audiences its Entra tokens carry (webApplicationInfo.resource and the client id)
   * and where Entra's keys are; undefined when AAD_APP_CLIENT_ID and TAB_DOMAIN are not set.
   */
  tabSso: { audiences: string[]; jwksUrl: string } | undefined;
  /** With the demo Salesforce org and an empty database, add demo returns so the tab has history to show. */
  demoHistory: boolean;
}

/** The tab settings; AAD_APP_CLIENT_ID and TAB_DOMAIN come together or not at all. */
export function readTabSettings(v: z.infer<z.ZodObject<typeof tabEnv>>, report: ReportProblem): TabSettings {
  if (!v.AAD_APP_CLIENT_ID !== !v.TAB_DOMAIN)
    report(
      v.AAD_APP_CLIENT_ID ? 'TAB_DOMAIN' : 'AAD_APP_CLIENT_ID',
      "is required with the other of AAD_APP_CLIENT_ID and TAB_DOMAIN: together they name the tab's SSO audience",
    );
  return {
    tabSso:
      v.AAD_APP_CLIENT_ID && v.TAB_DOMAIN
        ? {
            audiences: [`api://${v.TAB_DOMAIN}/${v.AAD_APP_CLIENT_ID}`, v.AAD_APP_CLIENT_ID],
            jwksUrl: v.TAB_SSO_JWKS_URL,
          }
        : undefined,
    demoHistory: v.DEMO_HISTORY === 'auto',
  };
}
