import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import type { CycleCalendar } from '../domain/cycle-calendar.ts';
import { DEFAULT_SCORING_SETTINGS, type ScoringSettings } from '../scoring/settings.ts';

/** Why each setting exists and how to fix it: shown beside every validation error. */
const fixes: Record<string, string> = {
  PULSE_ENV: 'use the name of a file env/.env.<name>, e.g. PULSE_ENV=local',
  HOST: 'use an IP address or hostname to listen on, e.g. HOST=127.0.0.1 (HOST=0.0.0.0 needs MicrosoftAppId)',
  PORT: 'use a whole number from 0 to 65535, e.g. PORT=3978',
  DATA_DIR: 'use a writable folder for the embedded database, e.g. DATA_DIR=./.data',
  DATABASE_URL:
    'use a PostgreSQL URL such as postgres://user@127.0.0.1:5432/pulse, or unset it for the embedded database',
  MicrosoftAppId: "use the bot's Entra application (client) id, a GUID; leave it empty only for local mode",
  MicrosoftAppPassword: "set the client secret of the bot's Entra app in env/.env.<name>.user (never commit it)",
  MicrosoftAppType: 'use SingleTenant, MultiTenant or UserAssignedMSI',
  MicrosoftAppTenantId: "set the Entra tenant id (a GUID) that owns the bot's app registration",
  ALLOWED_TENANT_IDS: 'list the Entra tenant ids (GUIDs) allowed to talk to the bot, comma-separated',
  LOG_LEVEL: 'use one of fatal, error, warn, info, debug, trace, silent',
  SHUTDOWN_TIMEOUT_MS: 'use milliseconds to wait for in-flight requests on SIGTERM, e.g. 10000',
  METRICS_TOKEN:
    'use at least 32 random characters (e.g. `openssl rand -hex 32`) that Prometheus sends as a bearer token, or unset it to serve /metrics on loopback only',
  RATE_LIMIT_BURST: 'use how many unauthenticated requests one client may make at once, e.g. 60 (0: no limit)',
  RATE_LIMIT_PER_MINUTE: 'use how many unauthenticated requests per minute one client may make, e.g. 120 (0: no limit)',
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
  MEETING_HOURS_PER_DAY:
    'use the hours a client person spends per day of an all-day or multi-day event, from 0.5 to 24, e.g. 8',
  SF_SYNC_INTERVAL_MINUTES: 'use minutes between scheduled syncs (0 turns the schedule off), e.g. 60',
  SF_SYNC_MONTHS: 'use how many months of meetings to keep in sync, e.g. 13',
  ORG_TIME_ZONE:
    'use an IANA time zone such as Europe/London (the month closes at 9:00 there; account managers get prompts in their own zone)',
  TEAMS_SERVICE_URL: 'use the Bot Connector URL for opening new chats, e.g. https://smba.trafficmanager.net/teams/',
  CYCLE_OPEN_DAY: 'use the business day of the month (1-20) when account managers are asked, e.g. 1',
  CYCLE_REMIND_DAYS: 'use two business days for the reminders, comma-separated and after the open day, e.g. 4,7',
  CYCLE_CLOSE_DAY: 'use the business day the month closes, after the reminders, e.g. 10',
  CYCLE_LOCAL_HOUR: 'use the local hour (0-23) at which messages go out, e.g. 9',
  CYCLE_SCHEDULE:
    'use auto (the server opens, reminds and closes each month on the calendar) or manual (only `npm run cycle` does)',
  MARGIN_RATE: "use the expected margin on an account's revenue as a fraction, e.g. 0.25",
  DISCOUNT_RATE: 'use the yearly discount rate for customer asset value as a fraction, e.g. 0.08',
  ASSET_VALUE_YEARS: 'use 3 or 5: the years of margin the customer asset value counts',
  CASE_SPIKE_FACTOR:
    "use a number from 1 to 20: this week's support cases are a spike at this many times the trailing 8-week mean, e.g. 2",
  CASE_SPIKE_MIN_CASES: 'use a whole number from 1 to 1000: the fewest cases in a week that can be a spike, e.g. 3',
  MIN_RATERS:
    'use a whole number from 2 to 50: no client rating number is shown with fewer client raters than this (anonymity), e.g. 3',
  ADMIT_VIDEO_CALLS: 'use true to count video calls toward client man-hours, false to count face-to-face meetings only',
  AAD_APP_CLIENT_ID:
    "use the tab's Entra app (client) id, a GUID: the manifest's webApplicationInfo.id, whose tokens the tab API accepts",
  TAB_DOMAIN:
    'use the host name the tab is served from, without scheme or path (e.g. pulse.contoso.com): webApplicationInfo.resource is api://<TAB_DOMAIN>/<AAD_APP_CLIENT_ID>',
  TAB_SSO_JWKS_URL:
    "use Microsoft Entra ID's signing keys, https://login.microsoftonline.com/common/discovery/v2.0/keys (tests use a local key set)",
  DEMO_HISTORY:
    'use auto (with the demo Salesforce org and no returns yet, add six months of demo returns for the tab) or off',
};

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

/** Env files leave unset values as empty strings; treat them as missing. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

/** A default given as the environment would give it: parsed and transformed like any value (zod 4's prefault). */
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.prefault(fallback as never));

const rawSchema = z.object({
  PULSE_ENV: withDefault(z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits or dashes'), 'local'),
  HOST: withDefault(z.string().min(1), '127.0.0.1'),
  PORT: withDefault(z.coerce.number().int().min(0).max(65535), 3978),
  DATA_DIR: withDefault(z.string().min(1), './.data'),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\/.+/, 'must start with postgres:// or postgresql://')),
  MicrosoftAppId: optional(guid),
  MicrosoftAppPassword: optional(z.string()),
  MicrosoftAppType: optional(z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI'])),
  MicrosoftAppTenantId: optional(guid),
  ALLOWED_TENANT_IDS: optional(
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      )
      .pipe(z.array(guid)),
  ),
  LOG_LEVEL: withDefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  SHUTDOWN_TIMEOUT_MS: withDefault(z.coerce.number().int().min(0).max(600_000), 10_000),
  METRICS_TOKEN: optional(
    z
      .string()
      .min(32, 'must be at least 32 characters')
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
  ),
  RATE_LIMIT_BURST: withDefault(z.coerce.number().int().min(0).max(1_000_000), 60),
  RATE_LIMIT_PER_MINUTE: withDefault(z.coerce.number().int().min(0).max(1_000_000), 120),
  SF_LOGIN_URL: optional(
    z
      .string()
      .url('must be a URL')
      .refine((u) => u.startsWith('https://') || /^http:\/\/(127\.|localhost|\[::1\])/.test(u), 'must use https'),
  ),
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
  SF_FACE_TO_FACE_TYPES: withDefault(
    z.string().transform((s) =>
      s
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
    'Meeting',
  ),
  SF_BLANK_TYPE_FACE_TO_FACE: withDefault(
    z.enum(['true', 'false']).transform((v) => v === 'true'),
    'true',
  ),
  MEETING_HOURS_PER_DAY: withDefault(z.coerce.number().min(0.5).max(24), 8),
  SF_SYNC_INTERVAL_MINUTES: withDefault(z.coerce.number().int().min(0).max(10_080), 60),
  SF_SYNC_MONTHS: withDefault(z.coerce.number().int().min(1).max(60), 13),
  ADMIT_VIDEO_CALLS: withDefault(
    z.enum(['true', 'false']).transform((v) => v === 'true'),
    DEFAULT_SCORING_SETTINGS.admitVideoCalls ? 'true' : 'false',
  ),
  ORG_TIME_ZONE: withDefault(
    z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        // Intl throws RangeError for a zone it does not know.
        return false;
      }
    }, 'must be an IANA time zone'),
    'UTC',
  ),
  TEAMS_SERVICE_URL: withDefault(z.string().url(), 'https://smba.trafficmanager.net/teams/'),
  CYCLE_OPEN_DAY: withDefault(z.coerce.number().int().min(1).max(20), 1),
  CYCLE_REMIND_DAYS: withDefault(
    z
      .string()
      .transform((s) => s.split(',').map((d) => Number(d.trim())))
      .pipe(z.tuple([z.number().int().min(1).max(22), z.number().int().min(1).max(22)])),
    '4,7',
  ),
  CYCLE_CLOSE_DAY: withDefault(z.coerce.number().int().min(1).max(23), 10),
  CYCLE_LOCAL_HOUR: withDefault(z.coerce.number().int().min(0).max(23), 9),
  CYCLE_SCHEDULE: withDefault(z.enum(['auto', 'manual']), 'auto'),
  MIN_RATERS: withDefault(z.coerce.number().int().min(2).max(50), 3),
  MARGIN_RATE: withDefault(z.coerce.number().min(0).max(1), DEFAULT_SCORING_SETTINGS.marginRate),
  DISCOUNT_RATE: withDefault(z.coerce.number().min(0).max(1), DEFAULT_SCORING_SETTINGS.discountRate),
  ASSET_VALUE_YEARS: withDefault(
    z.enum(['3', '5']).transform((v) => Number(v) as 3 | 5),
    DEFAULT_SCORING_SETTINGS.years === 5 ? '5' : '3',
  ),
  CASE_SPIKE_FACTOR: withDefault(z.coerce.number().min(1).max(20), DEFAULT_SCORING_SETTINGS.caseSpike.factor),
  CASE_SPIKE_MIN_CASES: withDefault(
    z.coerce.number().int().min(1).max(1000),
    DEFAULT_SCORING_SETTINGS.caseSpike.minimum,
  ),
  AAD_APP_CLIENT_ID: optional(guid),
  TAB_DOMAIN: optional(
    z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$/i, 'must be a host name (and port), without scheme or path'),
  ),
  TAB_SSO_JWKS_URL: withDefault(
    z
      .string()
      .url('must be a URL')
      .refine((u) => u.startsWith('https://') || /^http:\/\/(127\.|localhost|\[::1\])/.test(u), 'must use https'),
    'https://login.microsoftonline.com/common/discovery/v2.0/keys',
  ),
  DEMO_HISTORY: withDefault(z.enum(['auto', 'off']), 'auto'),
});

/** Bot identity; `undefined` means local mode (no authentication, loopback only). */
export interface BotIdentity {
  appId: string;
  appPassword: string | undefined;
  appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  tenantId: string | undefined;
}

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
  syncIntervalMinutes: number;
  syncMonths: number;
}

/** The validated settings of one process; the composition root is the only reader of the environment. */
export interface Config {
  envName: string;
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  bot: BotIdentity | undefined;
  allowedTenantIds: readonly string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  shutdownTimeoutMs: number;
  /** Bearer token for GET /metrics; undefined serves it to loopback callers only. */
  metricsToken: string | undefined;
  /** Per-client limit of unauthenticated requests on the public routes (probes and refused requests). */
  rateLimit: { burst: number; perMinute: number };
  salesforce: SalesforceSettings;
  /** The organisation's time zone: the month closes on its calendar. */
  orgTimeZone: string;
  /** Where new 1:1 chats are opened in a tenant Teams has not called from yet. */
  teamsServiceUrl: string;
  /** When the monthly cycle's steps happen. */
  calendar: CycleCalendar;
  /** `auto`: the server runs the cycle's steps on the calendar; `manual`: only `npm run cycle` does. */
  cycleSchedule: 'auto' | 'manual';
  /**
   * The tab's single sign-on: audiences its Entra tokens carry (webApplicationInfo.resource and the client id)
   * and where Entra's keys are; undefined when AAD_APP_CLIENT_ID and TAB_DOMAIN are not set.
   */
  tabSso: { audiences: string[]; jwksUrl: string } | undefined;
  /** With the demo Salesforce org and an empty database, add demo returns so the tab has history to show. */
  demoHistory: boolean;
  /** Scoring settings: asset value economics, whether video calls count, the support-case spike rule (DOMAIN.md, measures 1, 4, 7). */
  scoringSettings: ScoringSettings;
}

/** A setting that is missing or wrong; `problems` name each variable and its fix. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** True when `host` only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

function problem(variable: string, message: string, value?: unknown): string {
  const shown = value === undefined ? '' : ` (got ${JSON.stringify(redactIfSecret(variable, value))})`;
  return `${variable}: ${message}${shown}. Fix: ${fixes[variable] ?? 'see README.md, Configuration'}`;
}

function redactIfSecret(variable: string, value: unknown): unknown {
  return /password|secret|key/i.test(variable) ? '***' : value;
}

/** Parses and cross-checks the settings; throws ConfigError listing every problem at once. */
export function readConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = rawSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment');
        return problem(variable, issue.message, env[variable]);
      }),
    );
  }
  const v = parsed.data;
  const problems: string[] = [];
  let bot: BotIdentity | undefined;
  if (v.MicrosoftAppId) {
    const appType = v.MicrosoftAppType ?? 'SingleTenant';
    if (appType !== 'UserAssignedMSI' && !v.MicrosoftAppPassword) {
      problems.push(
        problem('MicrosoftAppPassword', `is required when MicrosoftAppId is set and MicrosoftAppType is ${appType}`),
      );
    }
    if (appType !== 'MultiTenant' && !v.MicrosoftAppTenantId) {
      problems.push(problem('MicrosoftAppTenantId', `is required when MicrosoftAppType is ${appType}`));
    }
    if (!v.ALLOWED_TENANT_IDS?.length) {
      problems.push(
        problem(
          'ALLOWED_TENANT_IDS',
          'is required when MicrosoftAppId is set, so that only your tenants reach the bot',
        ),
      );
    }
    bot = { appId: v.MicrosoftAppId, appPassword: v.MicrosoftAppPassword, appType, tenantId: v.MicrosoftAppTenantId };
  } else {
    if (!isLoopbackHost(v.HOST)) {
      problems.push(
        problem(
          'HOST',
          'local mode (no MicrosoftAppId) turns request authentication off, so it may only listen on a loopback address',
          v.HOST,
        ),
      );
    }
    if (v.MicrosoftAppPassword) {
      problems.push(problem('MicrosoftAppId', 'is empty although MicrosoftAppPassword is set'));
    }
  }
  const connection = salesforceConnection(v, env, problems);
  const [remind1, remind2] = v.CYCLE_REMIND_DAYS;
  if (!(v.CYCLE_OPEN_DAY < remind1 && remind1 < remind2 && remind2 < v.CYCLE_CLOSE_DAY)) {
    problems.push(
      problem(
        'CYCLE_REMIND_DAYS',
        `must fall after CYCLE_OPEN_DAY (${v.CYCLE_OPEN_DAY}) and before CYCLE_CLOSE_DAY (${v.CYCLE_CLOSE_DAY}), in order`,
        env.CYCLE_REMIND_DAYS,
      ),
    );
  }
  if (!v.AAD_APP_CLIENT_ID !== !v.TAB_DOMAIN)
    problems.push(
      problem(
        v.AAD_APP_CLIENT_ID ? 'TAB_DOMAIN' : 'AAD_APP_CLIENT_ID',
        "is required with the other of AAD_APP_CLIENT_ID and TAB_DOMAIN: together they name the tab's SSO audience",
      ),
    );
  if (problems.length) throw new ConfigError(problems);
  return {
    tabSso:
      v.AAD_APP_CLIENT_ID && v.TAB_DOMAIN
        ? {
            audiences: [`api://${v.TAB_DOMAIN}/${v.AAD_APP_CLIENT_ID}`, v.AAD_APP_CLIENT_ID],
            jwksUrl: v.TAB_SSO_JWKS_URL,
          }
        : undefined,
    demoHistory: v.DEMO_HISTORY === 'auto',
    envName: v.PULSE_ENV,
    host: v.HOST,
    port: v.PORT,
    dataDir: v.DATA_DIR,
    databaseUrl: v.DATABASE_URL,
    bot,
    allowedTenantIds: v.ALLOWED_TENANT_IDS ?? [],
    logLevel: v.LOG_LEVEL,
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
    metricsToken: v.METRICS_TOKEN,
    rateLimit: { burst: v.RATE_LIMIT_BURST, perMinute: v.RATE_LIMIT_PER_MINUTE },
    orgTimeZone: v.ORG_TIME_ZONE,
    teamsServiceUrl: v.TEAMS_SERVICE_URL,
    scoringSettings: {
      marginRate: v.MARGIN_RATE,
      discountRate: v.DISCOUNT_RATE,
      years: v.ASSET_VALUE_YEARS,
      admitVideoCalls: v.ADMIT_VIDEO_CALLS,
      caseSpike: { factor: v.CASE_SPIKE_FACTOR, minimum: v.CASE_SPIKE_MIN_CASES },
      minRaters: v.MIN_RATERS,
    },
    cycleSchedule: v.CYCLE_SCHEDULE,
    calendar: {
      openBusinessDay: v.CYCLE_OPEN_DAY,
      remindBusinessDays: [remind1, remind2],
      closeBusinessDay: v.CYCLE_CLOSE_DAY,
      localHour: v.CYCLE_LOCAL_HOUR,
    },
    salesforce: {
      connection,
      apiVersion: v.SF_API_VERSION,
      keyAccountFilter: v.SF_KEY_ACCOUNT_FILTER,
      contactLevelField: v.SF_CONTACT_LEVEL_FIELD,
      faceToFaceTypes: v.SF_FACE_TO_FACE_TYPES,
      blankTypeFaceToFace: v.SF_BLANK_TYPE_FACE_TO_FACE,
      meetingHoursPerDay: v.MEETING_HOURS_PER_DAY,
      syncIntervalMinutes: v.SF_SYNC_INTERVAL_MINUTES,
      syncMonths: v.SF_SYNC_MONTHS,
    },
  };
}

type Parsed = z.infer<typeof rawSchema>;

/** The Salesforce connection, or undefined (demo org) when no SF_ connection setting is present at all. */
function salesforceConnection(
  v: Parsed,
  env: Readonly<Record<string, string | undefined>>,
  problems: string[],
): SalesforceSettings['connection'] {
  const any =
    v.SF_LOGIN_URL ||
    v.SF_CLIENT_ID ||
    v.SF_USERNAME ||
    v.SF_PRIVATE_KEY_FILE ||
    v.SF_PRIVATE_KEY ||
    v.SF_CLIENT_SECRET;
  if (!any) return undefined;
  const need = (name: keyof Parsed, why: string) => {
    if (!v[name]) problems.push(problem(name, `is required ${why}`));
  };
  need('SF_LOGIN_URL', 'to connect to Salesforce');
  need('SF_CLIENT_ID', 'to connect to Salesforce');
  if (v.SF_AUTH_FLOW === 'client_credentials') {
    need('SF_CLIENT_SECRET', 'for the client_credentials flow');
    if (problems.length) return undefined;
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
      problems.push(
        problem(
          'SF_PRIVATE_KEY_FILE',
          `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
          env.SF_PRIVATE_KEY_FILE,
        ),
      );
    }
  }
  if (!privateKeyPem && !v.SF_PRIVATE_KEY_FILE)
    problems.push(problem('SF_PRIVATE_KEY_FILE', 'or SF_PRIVATE_KEY is required for the jwt flow'));
  if (problems.length) return undefined;
  return {
    loginUrl: v.SF_LOGIN_URL!,
    clientId: v.SF_CLIENT_ID!,
    flow: 'jwt',
    username: v.SF_USERNAME!,
    privateKeyPem: privateKeyPem!,
  };
}
