import { z } from 'zod';
import type { FixTexts, ReportProblem } from './config-error.ts';
import { guid, httpsUrl, optional, withDefault } from './env-values.ts';

/** Reading account managers' Outlook calendars through Microsoft Graph (docs/ADMIN.md, "Calendars"). */
export const graphEnv = {
  GRAPH_CALENDAR: optional(z.enum(['on', 'off'])),
  GRAPH_TENANT_ID: optional(guid),
  GRAPH_URL: withDefault(httpsUrl(), 'https://graph.microsoft.com'),
  GRAPH_LOGIN_URL: withDefault(httpsUrl(), 'https://login.microsoftonline.com'),
  GRAPH_CALENDAR_SUBJECTS: withDefault(z.enum(['on', 'off']), 'on'),
  GRAPH_CALENDAR_WRITE_BACK: withDefault(z.enum(['on', 'off']), 'off'),
};

/** The fix for each calendar setting. */
export const graphFixes: FixTexts = {
  GRAPH_CALENDAR:
    "use on (read account managers' calendars with the bot's Entra app; docs/ADMIN.md, Calendars) or off; " +
    'unset, it is on only with the demo Salesforce org, against the demo calendars',
  GRAPH_TENANT_ID: 'use the Entra tenant id (a GUID) whose mailboxes are read; unset, MicrosoftAppTenantId',
  GRAPH_URL: 'use https://graph.microsoft.com (or your national cloud, e.g. https://graph.microsoft.us)',
  GRAPH_LOGIN_URL:
    'use https://login.microsoftonline.com (or your national cloud, e.g. https://login.microsoftonline.us)',
  GRAPH_CALENDAR_SUBJECTS: 'use on (keep the subject of each client meeting found) or off (keep times and people only)',
  GRAPH_CALENDAR_WRITE_BACK:
    'use on (write the calendar meetings account managers confirm to Salesforce as Events; deploy the ' +
    'Pulse_Integration_Calendar_Events permission set first, docs/SALESFORCE.md) or off',
};

/** Where calendars are read from: a real tenant with the bot's app, the demo calendars, or nowhere. */
export type CalendarSettings =
  | { source: 'off' }
  | { source: 'demo'; keepSubjects: boolean; writeBack?: boolean }
  | {
      source: 'graph';
      keepSubjects: boolean;
      /** Confirmed calendar meetings go to Salesforce as Events (`GRAPH_CALENDAR_WRITE_BACK`). */
      writeBack?: boolean;
      graphUrl: string;
      loginUrl: string;
      tenantId: string;
      clientId: string;
      clientSecret: string;
    };

type GraphEnv = z.infer<z.ZodObject<typeof graphEnv>> & {
  MicrosoftAppId?: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppTenantId?: string;
};

/** On needs the bot's app id and secret and a tenant; unset, calendars are read only from the demo's. */
export function readCalendarSettings(v: GraphEnv, report: ReportProblem, demoOrg: boolean): CalendarSettings {
  const keepSubjects = v.GRAPH_CALENDAR_SUBJECTS === 'on';
  const writeBack = v.GRAPH_CALENDAR_WRITE_BACK === 'on';
  if (v.GRAPH_CALENDAR === 'off' || (v.GRAPH_CALENDAR === undefined && !demoOrg)) {
    if (writeBack) report('GRAPH_CALENDAR_WRITE_BACK', 'is on, but calendars are not read: set GRAPH_CALENDAR=on');
    return { source: 'off' };
  }
  if (v.GRAPH_CALENDAR === undefined) return { source: 'demo', keepSubjects, writeBack };
  const tenantId = v.GRAPH_TENANT_ID ?? v.MicrosoftAppTenantId;
  if (!v.MicrosoftAppId || !v.MicrosoftAppPassword)
    report(
      'GRAPH_CALENDAR',
      "is on, which reads calendars as the bot's Entra app: set MicrosoftAppId and MicrosoftAppPassword",
    );
  if (!tenantId) report('GRAPH_TENANT_ID', 'is required when GRAPH_CALENDAR is on and MicrosoftAppTenantId is not set');
  return {
    source: 'graph',
    keepSubjects,
    writeBack,
    graphUrl: v.GRAPH_URL,
    loginUrl: v.GRAPH_LOGIN_URL,
    tenantId: tenantId ?? '',
    clientId: v.MicrosoftAppId ?? '',
    clientSecret: v.MicrosoftAppPassword ?? '',
  };
}

/** Whether confirmed calendar meetings are written to Salesforce as Events: calendars read, and write-back on. */
export const writesCalendarEvents = (settings: CalendarSettings): boolean =>
  settings.source !== 'off' && settings.writeBack === true;
