import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { FixTexts, ReportProblem } from './config-error.ts';
import { booleanText, commaList, httpsUrl, optional, withDefault } from './env-values.ts';

/** How to reach Salesforce and which of its records count. */
export const salesforceEnv = {
  SF_LOGIN_URL: optional(httpsUrl()),
  SF_AUTH_FLOW: withDefault(z.enum(['jwt', 'client_credentials']), 'jwt'),
  SF_CLIENT_ID: optional(z.string().min(1)),
  SF_USERNAME: optional(z.string().min(1)),
  SF_PRIVATE_KEY_FILE: optional(z.string().min(1)),
  SF_PRIVATE_KEY: optional(z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' })),
  SF_CLIENT_SECRET: optional(z.string().min(1)),
  SF_API_VERSION: withDefault(z.string().regex(/^\d{2}\.0$/, 'must look like 62.0'), '62.0'),
  SF_KEY_ACCOUNT_FILTER: withDefault(
    z
      .string()
      .min(1)
      .refine((s) => !/;|\bLIMIT\b|\bORDER\b/i.test(s), 'must be a plain condition'),
    'Key_Account__c = true',
  ),
  SF_CONTACT_LEVEL_FIELD: optional(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a field API name')),
  SF_FACE_TO_FACE_TYPES: withDefault(commaList(), 'Meeting'),
  SF_BLANK_TYPE_FACE_TO_FACE: withDefault(booleanText(), 'true'),
  SF_VIDEO_CALL_TYPES: withDefault(commaList(), 'Video Call'),
  MEETING_HOURS_PER_DAY: withDefault(z.coerce.number().min(0.5).max(24), 8),
  SF_SYNC_INTERVAL_MINUTES: withDefault(z.coerce.number().int().min(0).max(10_080), 60),
  SF_SYNC_MONTHS: withDefault(z.coerce.number().int().min(1).max(60), 13),
};

/** The fix for each Salesforce setting. */
export const salesforceFixes: FixTexts = {
  SF_LOGIN_URL:
    "use your org's login URL, e.g. https://login.salesforce.com, https://test.salesforce.com or your My Domain URL",
  SF_AUTH_FLOW: 'use jwt (OAuth 2.0 JWT bearer) or client_credentials',
  SF_CLIENT_ID: 'set the consumer key of the connected app',
  SF_USERNAME: "set the integration user's username (the JWT subject)",
  SF_PRIVATE_KEY_FILE:
    'point to the PEM private key whose certificate is uploaded to the connected app (or set SF_PRIVATE_KEY)',
  SF_CLIENT_SECRET: "set the connected app's consumer secret in env/.env.<name>.user",
  SF_API_VERSION: 'use an API version like 62.0',
  SF_KEY_ACCOUNT_FILTER: 'use a SOQL condition on Account, e.g. Key_Account__c = true',
  SF_CONTACT_LEVEL_FIELD:
    'name a Contact picklist field holding Executive / Management / Operational, or leave empty to use Title rules',
  SF_FACE_TO_FACE_TYPES: 'list the Event Type values that count as face-to-face, comma-separated, e.g. Meeting,Visit',
  SF_BLANK_TYPE_FACE_TO_FACE:
    'use true to count meetings with no Event Type as face to face (the form marks them), false to count them as calls',
  SF_VIDEO_CALL_TYPES:
    'list the Event Type values that are video calls (counted with ADMIT_VIDEO_CALLS=true), comma-separated, e.g. Video Call,Teams',
  MEETING_HOURS_PER_DAY:
    'use the hours a client person spends per day of an all-day or multi-day event, from 0.5 to 24, e.g. 8',
  SF_SYNC_INTERVAL_MINUTES: 'use minutes between scheduled syncs (0 turns the schedule off), e.g. 60',
  SF_SYNC_MONTHS: 'use how many months of meetings to keep in sync, e.g. 13',
};

/** How to reach Salesforce; `undefined` connection means the in-process demo org. */
export interface SalesforceSettings {
  connection:
    | { loginUrl: string; clientId: string; flow: 'jwt'; username: string; privateKeyPem: string }
    | { loginUrl: string; clientId: string; flow: 'client_credentials'; clientSecret: string }
    | undefined;
  apiVersion: string;
  keyAccountFilter: string;
  contactLevelField: string | undefined;
  faceToFaceTypes: readonly string[];
  /** Whether a meeting with a blank Event Type counts as face to face (the form marks such meetings). */
  blankTypeFaceToFace: boolean;
  /** Hours a day of an all-day or multi-day event counts, per client person. */
  meetingHoursPerDay: number;
  /** Event Type values that are video calls; a meeting link in Location makes one too (`isVideoCall`). */
  videoCallTypes: readonly string[];
  syncIntervalMinutes: number;
  syncMonths: number;
}

type SalesforceEnv = z.infer<z.ZodObject<typeof salesforceEnv>>;

/** The Salesforce settings; a partial connection is reported, variable by variable. */
export function readSalesforceSettings(
  v: SalesforceEnv,
  env: Readonly<Record<string, string | undefined>>,
  report: ReportProblem,
): SalesforceSettings {
  return {
    connection: salesforceConnection(v, env, report),
    apiVersion: v.SF_API_VERSION,
    keyAccountFilter: v.SF_KEY_ACCOUNT_FILTER,
    contactLevelField: v.SF_CONTACT_LEVEL_FIELD,
    faceToFaceTypes: v.SF_FACE_TO_FACE_TYPES,
    blankTypeFaceToFace: v.SF_BLANK_TYPE_FACE_TO_FACE,
    meetingHoursPerDay: v.MEETING_HOURS_PER_DAY,
    videoCallTypes: v.SF_VIDEO_CALL_TYPES,
    syncIntervalMinutes: v.SF_SYNC_INTERVAL_MINUTES,
    syncMonths: v.SF_SYNC_MONTHS,
  };
}

/** The Salesforce connection, or undefined (demo org) when no SF_ connection setting is present at all. */
function salesforceConnection(
  v: SalesforceEnv,
  env: Readonly<Record<string, string | undefined>>,
  report: ReportProblem,
): SalesforceSettings['connection'] {
  const any =
    v.SF_LOGIN_URL ||
    v.SF_CLIENT_ID ||
    v.SF_USERNAME ||
    v.SF_PRIVATE_KEY_FILE ||
    v.SF_PRIVATE_KEY ||
    v.SF_CLIENT_SECRET;
  if (!any) return undefined;
  let missing = false;
  const need = (name: keyof SalesforceEnv, why: string) => {
    if (v[name]) return;
    missing = true;
    report(name, `is required ${why}`);
  };
  need('SF_LOGIN_URL', 'to connect to Salesforce');
  need('SF_CLIENT_ID', 'to connect to Salesforce');
  if (v.SF_AUTH_FLOW === 'client_credentials') {
    need('SF_CLIENT_SECRET', 'for the client_credentials flow');
    if (missing) return undefined;
    return {
      loginUrl: v.SF_LOGIN_URL!,
      clientId: v.SF_CLIENT_ID!,
      flow: 'client_credentials',
      clientSecret: v.SF_CLIENT_SECRET!,
    };
  }
  need('SF_USERNAME', 'for the jwt flow');
  let privateKeyPem = v.SF_PRIVATE_KEY;
  if (!privateKeyPem && v.SF_PRIVATE_KEY_FILE) {
    try {
      privateKeyPem = readFileSync(v.SF_PRIVATE_KEY_FILE, 'utf8');
    } catch (error) {
      missing = true;
      report(
        'SF_PRIVATE_KEY_FILE',
        `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        env.SF_PRIVATE_KEY_FILE,
      );
    }
  }
  if (!privateKeyPem && !v.SF_PRIVATE_KEY_FILE) {
    missing = true;
    report('SF_PRIVATE_KEY_FILE', 'or SF_PRIVATE_KEY is required for the jwt flow');
  }
  if (missing) return undefined;
  return {
    loginUrl: v.SF_LOGIN_URL!,
    clientId: v.SF_CLIENT_ID!,
    flow: 'jwt',
    username: v.SF_USERNAME!,
    privateKeyPem: privateKeyPem!,
  };
}
