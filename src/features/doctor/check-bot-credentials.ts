import type { BotIdentity } from '../../platform/config/config.ts';
import type { CheckResult } from './check-result.ts';

/** Entra error codes a token request can answer, and the setting each points to. */
const entraFixes: [RegExp, string][] = [
  [
    /AADSTS7000215|AADSTS7000222|invalid_client/,
    'MicrosoftAppPassword is wrong or expired: create a new client secret for the app registration and set it in env/.env.<name>.user',
  ],
  [
    /AADSTS700016|unauthorized_client/,
    "MicrosoftAppId is not an app registration in this tenant: copy the Application (client) id from Entra's App registrations",
  ],
  [
    /AADSTS90002|AADSTS900023|invalid_tenant/,
    'MicrosoftAppTenantId does not name a tenant: copy the Directory (tenant) id from the app registration',
  ],
];

/**
 * Acquires a Bot Connector token the way botbuilder does (OAuth 2.0 client credentials, scope
 * https://api.botframework.com/.default, on the tenant's endpoint for SingleTenant, else botframework.com), so wrong
 * ids or an expired secret show up before Teams' first message does. The token itself is never printed.
 */
export async function checkBotCredentials(bot: BotIdentity | undefined, loginUrl: string): Promise<CheckResult> {
  if (!bot)
    return {
      check: 'bot credentials',
      status: 'skipped',
      detail: 'local mode (no MicrosoftAppId): the bot authenticates nothing and only listens on loopback',
    };
  if (bot.appType === 'UserAssignedMSI')
    return {
      check: 'bot credentials',
      status: 'skipped',
      detail: "managed identity: tokens come from Azure's instance metadata endpoint, reachable only inside Azure",
    };
  if (!bot.appPassword)
    return {
      check: 'bot credentials',
      status: 'fail',
      detail: 'MicrosoftAppPassword is empty',
      fix: "set the client secret of the bot's Entra app in env/.env.<name>.user",
    };
  const authority = bot.appType === 'SingleTenant' ? bot.tenantId : 'botframework.com';
  const url = `${loginUrl.replace(/\/$/, '')}/${authority}/oauth2/v2.0/token`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: bot.appId,
        client_secret: bot.appPassword,
        scope: 'https://api.botframework.com/.default',
      }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    return {
      check: 'bot credentials',
      status: 'fail',
      detail: `the token endpoint ${url} is unreachable: ${(error as Error).message}`,
      fix: 'allow outbound HTTPS to login.microsoftonline.com from this host (proxy, firewall)',
    };
  }
  const body = (await res.json().catch(() => ({}))) as {
    access_token?: unknown;
    error?: unknown;
    error_description?: unknown;
  };
  if (res.ok && typeof body.access_token === 'string')
    return { check: 'bot credentials', status: 'ok', detail: `a Bot Connector token was issued to app ${bot.appId}` };
  const said = `${String(body.error ?? res.status)} ${String(body.error_description ?? '').split('\n')[0]}`.trim();
  const fix =
    entraFixes.find(([pattern]) => pattern.test(said))?.[1] ??
    'check MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType and MicrosoftAppTenantId against the app registration';
  return { check: 'bot credentials', status: 'fail', detail: `Entra refused the token request: ${said}`, fix };
}
