import type { Clock } from '../../core/domain/clock.ts';
import type { CalendarSettings } from '../../platform/config/graph-env.ts';
import { graphCalendar } from '../../adapters/graph/graph-calendar.ts';
import { GraphCallError } from '../../adapters/graph/graph-errors.ts';
import type { CheckResult } from './check-result.ts';

/** Permissions that read more than the product needs: bodies and attachments, or writing. */
const BROADER = ['Calendars.Read', 'Calendars.ReadWrite', 'Mail.Read', 'Mail.ReadWrite'];

const fail = (detail: string, fix: string): CheckResult => ({ check: 'calendars', status: 'fail', detail, fix });

/** The fix for a refused token or read, by what Graph said. */
function fixFor(error: GraphCallError): string {
  if (error.failure === 'AUTH')
    return /AADSTS7000215|invalid_client/.test(error.message)
      ? 'MicrosoftAppPassword is wrong or expired: create a new client secret for the app registration'
      : /AADSTS90002|Tenant/.test(error.message)
        ? 'GRAPH_TENANT_ID (or MicrosoftAppTenantId) must be the tenant whose mailboxes are read'
        : 'check MicrosoftAppId and MicrosoftAppPassword: the bot app reads calendars with its own credentials';
  if (error.failure === 'NOT_CONSENTED')
    return "grant the application permission Calendars.ReadBasic to the bot's app and give admin consent (docs/ADMIN.md, Calendars)";
  if (error.failure === 'OUT_OF_SCOPE')
    return "add the account managers to the app's management scope (RBAC for Applications; docs/ADMIN.md, Calendars)";
  if (error.failure === 'NO_MAILBOX')
    return 'give a user principal name or Entra object id of a user with an Exchange Online mailbox';
  return 'run npm run doctor again; if it persists, check outbound HTTPS to GRAPH_URL and GRAPH_LOGIN_URL';
}

/**
 * Calendars (issue 26): the bot's app gets a Graph token, holds no Entra permission broader than Calendars.ReadBasic,
 * may read an account manager's mailbox (`mailbox`) and is refused one outside its scope (`outside`): an app that can
 * read every mailbox in the tenant is a failure. The permission may come from Entra consent (with an application
 * access policy) or from Exchange's RBAC for Applications (the token then carries none): the reads decide.
 */
export async function checkCalendars(
  settings: CalendarSettings,
  probe: { mailbox?: string; outside?: string },
  now: Clock,
): Promise<CheckResult> {
  if (settings.source === 'off')
    return {
      check: 'calendars',
      status: 'skipped',
      detail: 'GRAPH_CALENDAR is off: meetings come from Salesforce only',
    };
  if (settings.source === 'demo')
    return {
      check: 'calendars',
      status: 'skipped',
      detail: 'demo calendars (demo org, GRAPH_CALENDAR unset): read in process',
    };
  const graph = graphCalendar(settings, { now, wait: async () => undefined });
  let roles: string[];
  try {
    roles = await graph.roles();
  } catch (error) {
    if (!(error instanceof GraphCallError)) throw error;
    return fail(`no token for Microsoft Graph: ${error.message}`, fixFor(error));
  }
  // Two set-ups hold: Calendars.ReadBasic consented in Entra and limited by an application access policy (the token
  // carries it), or the permission granted in Exchange by RBAC for Applications (the token carries none).
  const consented = roles.includes('Calendars.ReadBasic');
  const broader = roles.filter((r) => BROADER.includes(r));
  if (!probe.mailbox || !probe.outside)
    return fail(
      'the scope was not checked: name a manager and a mailbox outside the scope',
      'run npm run doctor -- --mailbox <an account manager> --outside-mailbox <anyone else> (UPN or object id)',
    );
  try {
    await graph.probe(probe.mailbox);
  } catch (error) {
    if (!(error instanceof GraphCallError)) throw error;
    return fail(
      `${probe.mailbox} could not be read: ${error.message}` +
        (consented
          ? ''
          : '; the token carries no calendar permission (neither Entra consent nor an RBAC grant reached it)'),
      fixFor(error),
    );
  }
  try {
    await graph.probe(probe.outside);
    return fail(
      `${probe.outside} could be read: the app can read mailboxes beyond the account managers'`,
      'limit the app with RBAC for Applications: a management scope of the account managers (docs/ADMIN.md, Calendars)',
    );
  } catch (error) {
    if (!(error instanceof GraphCallError)) throw error;
    // Refused for access, whichever way the scope is kept (a policy answers RAOP, RBAC for Applications a bare denial).
    if (error.failure !== 'OUT_OF_SCOPE' && error.failure !== 'NOT_CONSENTED')
      return fail(`${probe.outside}: ${error.message}`, fixFor(error));
  }
  return {
    check: 'calendars',
    status: broader.length ? 'fail' : 'ok',
    detail:
      `${consented ? 'Calendars.ReadBasic consented in Entra ID' : 'no Entra calendar permission: granted by Exchange RBAC for Applications'}; ` +
      `${probe.mailbox} readable, ${probe.outside} refused (outside the scope)` +
      (broader.length ? `; also consented: ${broader.join(', ')}` : ''),
    ...(broader.length
      ? {
          fix: `remove ${broader.join(', ')} from the app: it needs Calendars.ReadBasic only (no bodies, no attachments)`,
        }
      : {}),
  };
}
