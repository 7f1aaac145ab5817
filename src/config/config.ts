import { isIP } from 'node:net';
import { z } from 'zod';

/** Why each setting exists and how to fix it: shown beside every validation error. */
const fixes: Record<string, string> = {
  PULSE_ENV: 'use the name of a file env/.env.<name>, e.g. PULSE_ENV=local',
  HOST: 'use an IP address or hostname to listen on, e.g. HOST=127.0.0.1 (HOST=0.0.0.0 needs MicrosoftAppId)',
  PORT: 'use a whole number from 0 to 65535, e.g. PORT=3978',
  DATA_DIR: 'use a writable folder for the embedded database, e.g. DATA_DIR=./.data',
  DATABASE_URL: 'use a PostgreSQL URL such as postgres://user@127.0.0.1:5432/pulse, or unset it for the embedded database',
  MicrosoftAppId: 'use the bot\'s Entra application (client) id, a GUID; leave it empty only for local mode',
  MicrosoftAppPassword: 'set the client secret of the bot\'s Entra app in env/.env.<name>.user (never commit it)',
  MicrosoftAppType: 'use SingleTenant, MultiTenant or UserAssignedMSI',
  MicrosoftAppTenantId: 'set the Entra tenant id (a GUID) that owns the bot\'s app registration',
  ALLOWED_TENANT_IDS: 'list the Entra tenant ids (GUIDs) allowed to talk to the bot, comma-separated',
  LOG_LEVEL: 'use one of fatal, error, warn, info, debug, trace, silent',
  SHUTDOWN_TIMEOUT_MS: 'use milliseconds to wait for in-flight requests on SIGTERM, e.g. 10000',
};

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

/** Env files leave unset values as empty strings; treat them as missing. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.default(fallback as never));

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
      .transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean))
      .pipe(z.array(guid)),
  ),
  LOG_LEVEL: withDefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  SHUTDOWN_TIMEOUT_MS: withDefault(z.coerce.number().int().min(0).max(600_000), 10_000),
});

/** Bot identity; `undefined` means local mode (no authentication, loopback only). */
export interface BotIdentity {
  appId: string;
  appPassword: string | undefined;
  appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  tenantId: string | undefined;
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
      problems.push(problem('MicrosoftAppPassword', `is required when MicrosoftAppId is set and MicrosoftAppType is ${appType}`));
    }
    if (appType !== 'MultiTenant' && !v.MicrosoftAppTenantId) {
      problems.push(problem('MicrosoftAppTenantId', `is required when MicrosoftAppType is ${appType}`));
    }
    if (!v.ALLOWED_TENANT_IDS?.length) {
      problems.push(problem('ALLOWED_TENANT_IDS', 'is required when MicrosoftAppId is set, so that only your tenants reach the bot'));
    }
    bot = { appId: v.MicrosoftAppId, appPassword: v.MicrosoftAppPassword, appType, tenantId: v.MicrosoftAppTenantId };
  } else {
    if (!isLoopbackHost(v.HOST)) {
      problems.push(
        problem('HOST', 'local mode (no MicrosoftAppId) turns request authentication off, so it may only listen on a loopback address', v.HOST),
      );
    }
    if (v.MicrosoftAppPassword) {
      problems.push(problem('MicrosoftAppId', 'is empty although MicrosoftAppPassword is set'));
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    envName: v.PULSE_ENV,
    host: v.HOST,
    port: v.PORT,
    dataDir: v.DATA_DIR,
    databaseUrl: v.DATABASE_URL,
    bot,
    allowedTenantIds: v.ALLOWED_TENANT_IDS ?? [],
    logLevel: v.LOG_LEVEL,
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
  };
}
