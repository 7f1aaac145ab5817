import { ConfigError, readConfig, type Config } from '../../platform/config/config.ts';
import type { Logger } from '../../platform/log/logger.ts';
import { checkSalesforceAccess } from '../../adapters/salesforce/check-salesforce-access.ts';
import { orgSetupText } from '../../adapters/salesforce/org-setup.ts';
import { checkBotCredentials } from './check-bot-credentials.ts';
import { checkDatabase } from './check-database.ts';
import type { CheckResult } from './check-result.ts';
import { checkCalendars } from './check-calendars.ts';
import { systemClock } from '../../core/domain/clock.ts';
import { writesCalendarEvents } from '../../platform/config/graph-env.ts';

/** Where the doctor gets Entra tokens; a sovereign cloud (or a test) names another. */
export const DEFAULT_LOGIN_URL = 'https://login.microsoftonline.com';

/** Fixes for the Salesforce login failures jsforce and the token endpoint report. */
function salesforceLoginFix(config: Config, message: string): string {
  const flow = config.salesforce.connection?.flow;
  if (/unreachable|ENOTFOUND|ECONNREFUSED|fetch failed/i.test(message))
    return 'check SF_LOGIN_URL (your My Domain or login.salesforce.com) and outbound HTTPS from this host';
  if (/invalid_client_id|client identifier invalid/i.test(message))
    return 'check SF_CLIENT_ID: the consumer key of the external client app';
  if (flow === 'client_credentials')
    return 'check SF_CLIENT_SECRET (the consumer secret) and that the app has a Run As user for the client credentials flow';
  return (
    'check SF_USERNAME (the integration user, pre-authorized through the permission set) and that ' +
    'SF_PRIVATE_KEY_FILE matches the certificate uploaded to the external client app'
  );
}

/**
 * `npm run doctor`: configuration, database and migrations, Salesforce login and field access, Bot Framework
 * credentials. Each failure names the setting to fix; a check that needs a valid configuration is not run without it.
 */
export async function runDoctor(
  env: Record<string, string | undefined>,
  options: { log: Logger; loginUrl?: string; calendarProbe?: { mailbox?: string; outside?: string } },
): Promise<CheckResult[]> {
  let config: Config;
  try {
    config = readConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [
      {
        check: 'configuration',
        status: 'fail',
        detail: error.problems.join('; '),
        fix: 'correct each setting named above in env/.env.<name>, env/.env.<name>.user or the environment; the other checks need a valid configuration',
      },
    ];
  }
  const results: CheckResult[] = [
    {
      check: 'configuration',
      status: 'ok',
      detail:
        `PULSE_ENV=${config.envName}, ${config.bot ? `Teams mode (app ${config.bot.appId})` : 'local mode'}, ` +
        `${config.databaseUrl ? 'PostgreSQL' : 'embedded database'}`,
    },
  ];
  results.push(...(await checkDatabase(config, options.log)));

  const sf = config.salesforce;
  if (!sf.connection) {
    const detail = 'demo org (no SF_LOGIN_URL / SF_CLIENT_ID): the server runs its in-process stand-in';
    results.push({ check: 'salesforce login', status: 'skipped', detail });
    results.push({ check: 'salesforce org set-up', status: 'skipped', detail });
    results.push({ check: 'salesforce field access', status: 'skipped', detail });
  } else {
    const access = await checkSalesforceAccess({ ...sf, connection: sf.connection }, options.log);
    if (!access.login.ok) {
      results.push({
        check: 'salesforce login',
        status: 'fail',
        detail: `${sf.connection.flow} login to ${sf.connection.loginUrl} failed: ${access.login.message}`,
        fix: salesforceLoginFix(config, access.login.message),
      });
      results.push({ check: 'salesforce org set-up', status: 'skipped', detail: 'needs a login' });
      results.push({ check: 'salesforce field access', status: 'skipped', detail: 'needs a login' });
    } else {
      results.push({
        check: 'salesforce login',
        status: 'ok',
        detail: `${sf.connection.flow} login to ${access.login.instanceUrl}, API ${sf.apiVersion}`,
      });
      results.push(
        access.sharedActivities === undefined
          ? {
              check: 'salesforce org set-up',
              status: 'fail',
              detail: `the EventRelation describe failed (${access.describeError ?? 'no answer'}), so how meetings record attendance is unknown`,
              fix:
                'if Salesforce refused it, assign the Pulse_Integration permission set to the integration user (EventRelation ' +
                'is readable with its Event, through the Account); if it failed on the way (a timeout, a 5xx), run npm run doctor again',
            }
          : writesCalendarEvents(config.calendars) && access.setup?.calendarEvents !== 'writable'
            ? {
                check: 'salesforce org set-up',
                status: 'fail',
                detail: orgSetupText(access.setup!),
                fix:
                  'GRAPH_CALENDAR_WRITE_BACK is on: deploy salesforce/ and assign the Pulse_Integration_Calendar_Events ' +
                  'permission set to the integration user (docs/SALESFORCE.md, Calendar meetings as Events); until then ' +
                  'each confirmed calendar meeting is refused and parked',
              }
            : access.setup?.accountTeams === 'hidden'
              ? {
                  check: 'salesforce org set-up',
                  status: 'fail',
                  detail: orgSetupText(access.setup),
                  fix:
                    'assign the Pulse_Integration_Account_Teams permission set to the integration user ' +
                    '(docs/SALESFORCE.md); until then each account team is its owner alone',
                }
              : { check: 'salesforce org set-up', status: 'ok', detail: orgSetupText(access.setup!) },
      );
      results.push(
        access.denied.length === 0
          ? {
              check: 'salesforce field access',
              status: 'ok',
              detail: `${access.probes} objects and their fields readable`,
            }
          : {
              check: 'salesforce field access',
              status: 'fail',
              detail: access.denied.map((d) => `${d.object}${d.field ? `.${d.field}` : ''}: ${d.message}`).join('; '),
              fix:
                'deploy the SFDX metadata (salesforce/) and assign the Partnership Pulse permission set to the ' +
                'integration user (a Salesforce Integration user takes it only after the Salesforce API Integration ' +
                'permission set licence is assigned: docs/SALESFORCE.md, Set-up); for the key-account filter, check SF_KEY_ACCOUNT_FILTER and ' +
                'for the contact level SF_CONTACT_LEVEL_FIELD',
            },
      );
    }
  }
  results.push(await checkBotCredentials(config.bot, options.loginUrl ?? DEFAULT_LOGIN_URL));
  results.push(await checkCalendars(config.calendars, options.calendarProbe ?? {}, systemClock));
  return results;
}
