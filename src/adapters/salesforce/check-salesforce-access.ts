import type { SalesforceSettings } from '../../platform/config/config.ts';
import type { Logger } from '../../platform/log/logger.ts';
import { connectSalesforce } from './connect-salesforce.ts';
import { toSalesforceError } from './salesforce-errors.ts';
import {
  customFieldsOnStandardObjects,
  customObjects,
  ACCOUNT_SHARING_FIELD,
  CURRENCY_FIELD,
  EXTERNAL_ID_FIELD,
  readFields,
  SHARED_ACTIVITIES_FIELDS,
} from './sf-schema.ts';
import { salesforceCrm } from './salesforce-crm.ts';
import { calendarEventsAccess, hasSharedActivities, type OrgSetup } from './org-setup.ts';

/** The outcome of logging in and probing every object and field the app reads or writes. */
interface SalesforceAccess {
  login: { ok: true; instanceUrl: string } | { ok: false; code: string; message: string };
  /** Probes that failed: the object, the field Salesforce named (when it did), and its message. */
  denied: { object: string; field?: string; message: string }[];
  probes: number;
  /** How the org records attendance (an EventRelation describe); undefined when the describe failed. */
  sharedActivities?: boolean;
  /** Why the describe failed, as Salesforce said it. */
  describeError?: string;
  /** The org's set-up, when the describe answered. */
  setup?: OrgSetup;
}

/** The SOQL probes: every field the sync reads, the key-account filter, and every object and field written back. */
function accessProbes(
  settings: SalesforceSettings,
  sharedActivities: boolean,
): { object: string; soql: string; optional?: boolean }[] {
  const probes: { object: string; soql: string; optional?: boolean }[] = [];
  const absent = new Set<string>(sharedActivities ? [] : SHARED_ACTIVITIES_FIELDS.map((f) => `EventRelation.${f}`));
  for (const [object, fields] of Object.entries(readFields)) {
    const all = new Set<string>(fields.filter((f) => !absent.has(`${object}.${f}`)));
    if (object === 'Contact' && settings.contactLevelField) all.add(settings.contactLevelField);
    for (const f of Object.keys(
      customFieldsOnStandardObjects[object as keyof typeof customFieldsOnStandardObjects] ?? {},
    ))
      all.add(f);
    probes.push({
      object,
      soql: `SELECT ${[...all].join(', ')} FROM ${object} LIMIT 1`,
      optional: object === 'AccountTeamMember',
    });
  }
  probes.push({ object: 'Account', soql: `SELECT Id FROM Account WHERE ${settings.keyAccountFilter} LIMIT 1` });
  for (const [object, spec] of Object.entries(customObjects))
    probes.push({
      object,
      soql: `SELECT ${['Id', EXTERNAL_ID_FIELD, ...Object.keys(spec.fields).filter((f) => f !== EXTERNAL_ID_FIELD)].join(', ')} FROM ${object} LIMIT 1`,
    });
  return probes;
}

/**
 * Logs in with the configured flow, then runs one `LIMIT 1` SOQL query per object naming every field Partnership
 * Pulse uses. Salesforce answers INVALID_FIELD for a field the integration user cannot see (no field-level security)
 * and INVALID_TYPE for an object it cannot read, which is exactly how the sync and the write-back would fail.
 */
export async function checkSalesforceAccess(
  settings: SalesforceSettings & { connection: NonNullable<SalesforceSettings['connection']> },
  log: Logger,
): Promise<SalesforceAccess> {
  let connected: Awaited<ReturnType<typeof connectSalesforce>>;
  try {
    connected = await connectSalesforce(settings, log);
  } catch (error) {
    const e = toSalesforceError(error);
    return { login: { ok: false, code: e.code, message: e.message }, denied: [], probes: 0 };
  }
  const { conn, breaker } = connected;
  const denied: SalesforceAccess['denied'] = [];
  // An org without Shared Activities has no EventRelation.IsParent or IsWhat: not a permission to grant.
  let describeError: string | undefined;
  const sharedActivities = await hasSharedActivities(salesforceCrm(conn, breaker, log)).catch((error: unknown) => {
    describeError = toSalesforceError(error).message;
    return undefined;
  });
  const probes = accessProbes(settings, sharedActivities ?? true);
  let accountTeams: OrgSetup['accountTeams'] = 'on';
  for (const probe of probes) {
    try {
      await conn.query(probe.soql, { autoFetch: false, maxFetch: 1 });
    } catch (error) {
      const e = error as { errorCode?: string; message?: string };
      // Account Teams: no such object when the org has them off; the role hidden is a set-up finding of its own.
      if (probe.optional && (e.errorCode === 'INVALID_TYPE' || e.errorCode === 'INVALID_FIELD')) {
        accountTeams = e.errorCode === 'INVALID_TYPE' ? 'off' : 'hidden';
        continue;
      }
      const field = /No such column '([^']+)'/.exec(e.message ?? '')?.[1];
      denied.push({
        object: probe.object,
        ...(field ? { field } : {}),
        message: `${e.errorCode ?? 'ERROR'}: ${e.message ?? String(error)}`,
      });
    }
  }
  const crm = salesforceCrm(conn, breaker, log);
  const multiCurrency = (await crm.fieldNames('Account').catch(() => new Set<string>())).has(CURRENCY_FIELD);
  const calendarEvents = await calendarEventsAccess(crm).catch(() => 'hidden' as const);
  // The org-wide default for Accounts; an org that refuses the read leaves it unknown, which doctor says.
  let accountAccess: string | undefined;
  try {
    const org = await conn.query<Record<string, unknown>>(`SELECT ${ACCOUNT_SHARING_FIELD} FROM Organization LIMIT 1`);
    const value = org.records[0]?.[ACCOUNT_SHARING_FIELD];
    accountAccess = typeof value === 'string' ? value : undefined;
  } catch {
    accountAccess = undefined;
  }
  return {
    login: { ok: true, instanceUrl: conn.instanceUrl },
    denied,
    probes: probes.length,
    ...(sharedActivities === undefined
      ? { describeError }
      : { sharedActivities, setup: { sharedActivities, accountTeams, multiCurrency, accountAccess, calendarEvents } }),
  };
}
