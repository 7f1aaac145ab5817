import { z } from 'zod';
import type { FixTexts, ReportProblem } from './config-error.ts';
import { commaList, guid, optional, withDefault } from './env-values.ts';
import { isLoopbackHost } from './http-env.ts';

/** The bot's Entra identity, the tenants it serves, and where it opens new chats. */
export const botEnv = {
  MicrosoftAppId: optional(guid),
  MicrosoftAppPassword: optional(z.string()),
  MicrosoftAppType: optional(z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI'])),
  MicrosoftAppTenantId: optional(guid),
  ALLOWED_TENANT_IDS: optional(commaList().pipe(z.array(guid))),
  TEAMS_SERVICE_URL: withDefault(z.string().url(), 'https://smba.trafficmanager.net/teams/'),
};

/** The fix for each bot setting. */
export const botFixes: FixTexts = {
  MicrosoftAppId: "use the bot's Entra application (client) id, a GUID; leave it empty only for local mode",
  MicrosoftAppPassword: "set the client secret of the bot's Entra app in env/.env.<name>.user (never commit it)",
  MicrosoftAppType: 'use SingleTenant, MultiTenant or UserAssignedMSI',
  MicrosoftAppTenantId: "set the Entra tenant id (a GUID) that owns the bot's app registration",
  ALLOWED_TENANT_IDS: 'list the Entra tenant ids (GUIDs) allowed to talk to the bot, comma-separated',
  TEAMS_SERVICE_URL: 'use the Bot Connector URL for opening new chats, e.g. https://smba.trafficmanager.net/teams/',
};

/** Bot identity; `undefined` means local mode (no authentication, loopback only). */
export interface BotIdentity {
  appId: string;
  appPassword: string | undefined;
  appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  tenantId: string | undefined;
}

/** The bot settings of one process. */
export interface BotSettings {
  bot: BotIdentity | undefined;
  allowedTenantIds: readonly string[];
  /** Where new 1:1 chats are opened in a tenant Teams has not called from yet. */
  teamsServiceUrl: string;
}

type BotEnv = z.infer<z.ZodObject<typeof botEnv>> & { HOST: string };

/** Teams mode needs a full identity and an allow-list; local mode may only listen on loopback. */
export function readBotSettings(v: BotEnv, report: ReportProblem): BotSettings {
  const settings = { allowedTenantIds: v.ALLOWED_TENANT_IDS ?? [], teamsServiceUrl: v.TEAMS_SERVICE_URL };
  if (!v.MicrosoftAppId) {
    if (!isLoopbackHost(v.HOST)) {
      report(
        'HOST',
        'local mode (no MicrosoftAppId) turns request authentication off, so it may only listen on a loopback address',
        v.HOST,
      );
    }
    if (v.MicrosoftAppPassword) report('MicrosoftAppId', 'is empty although MicrosoftAppPassword is set');
    return { ...settings, bot: undefined };
  }
  const appType = v.MicrosoftAppType ?? 'SingleTenant';
  if (appType !== 'UserAssignedMSI' && !v.MicrosoftAppPassword) {
    report('MicrosoftAppPassword', `is required when MicrosoftAppId is set and MicrosoftAppType is ${appType}`);
  }
  if (appType !== 'MultiTenant' && !v.MicrosoftAppTenantId) {
    report('MicrosoftAppTenantId', `is required when MicrosoftAppType is ${appType}`);
  }
  if (!v.ALLOWED_TENANT_IDS?.length) {
    report('ALLOWED_TENANT_IDS', 'is required when MicrosoftAppId is set, so that only your tenants reach the bot');
  }
  const bot = {
    appId: v.MicrosoftAppId,
    appPassword: v.MicrosoftAppPassword,
    appType,
    tenantId: v.MicrosoftAppTenantId,
  };
  return { ...settings, bot };
}
