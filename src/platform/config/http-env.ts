import { isIP } from 'node:net';
import { z } from 'zod';
import type { FixTexts } from './config-error.ts';
import { commaList, optional, withDefault } from './env-values.ts';
import { proxyEntryProblem } from './proxy-trust.ts';

/** Where the server listens and keeps its data. */
export const listenEnv = {
  PULSE_ENV: withDefault(z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits or dashes'), 'local'),
  HOST: withDefault(z.string().min(1), '127.0.0.1'),
  PORT: withDefault(z.coerce.number().int().min(0).max(65535), 3978),
  ADMIN_PORT: withDefault(z.coerce.number().int().min(0).max(65535), 0),
  DATA_DIR: withDefault(z.string().min(1), './.data'),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\/.+/, 'must start with postgres:// or postgresql://')),
};

/** How the server logs, shuts down, serves metrics and limits unauthenticated callers. */
export const operationsEnv = {
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
  TRUSTED_PROXIES: withDefault(
    commaList().superRefine((entries, ctx) => {
      for (const entry of entries) {
        const problem = proxyEntryProblem(entry);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
    }),
    '',
  ),
  REQUEST_TIMEOUT_MS: withDefault(z.coerce.number().int().min(100).max(120_000), 10_000),
  MAX_CONNECTIONS_PER_CLIENT: withDefault(z.coerce.number().int().min(0).max(100_000), 100),
};

/** The fix for each listen and operations setting. */
export const httpFixes: FixTexts = {
  PULSE_ENV: 'use the name of a file env/.env.<name>, e.g. PULSE_ENV=local',
  HOST: 'use an IP address or hostname to listen on, e.g. HOST=127.0.0.1 (HOST=0.0.0.0 needs MicrosoftAppId)',
  PORT: 'use a whole number from 0 to 65535, e.g. PORT=3978',
  ADMIN_PORT:
    'use the loopback port for the admin routes and /metrics without a token, e.g. ADMIN_PORT=3979 (0: any free port, written to DATA_DIR/admin.port)',
  DATA_DIR: 'use a writable folder for the embedded database, e.g. DATA_DIR=./.data',
  DATABASE_URL:
    'use a PostgreSQL URL such as postgres://user@127.0.0.1:5432/pulse, or unset it for the embedded database',
  LOG_LEVEL: 'use one of fatal, error, warn, info, debug, trace, silent',
  SHUTDOWN_TIMEOUT_MS: 'use milliseconds to wait for in-flight requests on SIGTERM, e.g. 10000',
  METRICS_TOKEN:
    'use at least 32 random characters (e.g. `openssl rand -hex 32`) that Prometheus sends as a bearer token, or unset it to serve /metrics on loopback only',
  RATE_LIMIT_BURST: 'use how many unauthenticated requests one client may make at once, e.g. 60 (0: no limit)',
  RATE_LIMIT_PER_MINUTE: 'use how many unauthenticated requests per minute one client may make, e.g. 120 (0: no limit)',
  TRUSTED_PROXIES:
    'list the addresses or CIDR ranges of your reverse proxies, comma-separated, e.g. TRUSTED_PROXIES=10.0.0.0/8 (empty: none)',
  REQUEST_TIMEOUT_MS: 'use milliseconds a request may take to arrive, from 100 to 120000, e.g. 10000',
  MAX_CONNECTIONS_PER_CLIENT: 'use how many connections one client address may hold open, e.g. 100 (0: no cap)',
};

/** The listen and operations settings of one process. */
export interface HttpSettings {
  envName: string;
  host: string;
  port: number;
  /** The loopback port of the admin routes (0: any free port, which the server writes to the data folder). */
  adminPort: number;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  shutdownTimeoutMs: number;
  /** Bearer token for GET /metrics; undefined serves it to loopback callers only. */
  metricsToken: string | undefined;
  /** Per-client limit of unauthenticated requests on the public routes (probes and refused requests). */
  rateLimit: { burst: number; perMinute: number };
  /** The reverse proxies whose X-Forwarded-For names the client (addresses and CIDR ranges). */
  trustedProxies: string[];
  /** How long a request may take to arrive and how many connections one client may hold open. */
  connectionLimits: { requestTimeoutMs: number; maxPerClient: number };
}

type HttpEnv = z.infer<z.ZodObject<typeof listenEnv & typeof operationsEnv>>;

/** The listen and operations settings from parsed variables (nothing to cross-check). */
export function readHttpSettings(v: HttpEnv): HttpSettings {
  return {
    envName: v.PULSE_ENV,
    host: v.HOST,
    port: v.PORT,
    adminPort: v.ADMIN_PORT,
    dataDir: v.DATA_DIR,
    databaseUrl: v.DATABASE_URL,
    logLevel: v.LOG_LEVEL,
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
    metricsToken: v.METRICS_TOKEN,
    rateLimit: { burst: v.RATE_LIMIT_BURST, perMinute: v.RATE_LIMIT_PER_MINUTE },
    trustedProxies: v.TRUSTED_PROXIES,
    connectionLimits: { requestTimeoutMs: v.REQUEST_TIMEOUT_MS, maxPerClient: v.MAX_CONNECTIONS_PER_CLIENT },
  };
}

/** True when `host` only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}
