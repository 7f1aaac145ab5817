import { pino, type Logger, type DestinationStream } from 'pino';
import { currentTrace } from './trace-context.ts';

/** The structured logger every module receives; the one type to import. */
export type { Logger };

/** Paths whose values are secrets or tokens: pino replaces them before a line is written. */
const redactedPaths = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.authorization',
  'password',
  '*.password',
  'MicrosoftAppPassword',
  '*.MicrosoftAppPassword',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'client_secret',
  '*.client_secret',
  'DATABASE_URL',
  '*.DATABASE_URL',
  'headers["x-pulse-admin-token"]',
  '*.headers["x-pulse-admin-token"]',
];

/**
 * Builds the process logger: JSON lines on stdout (or `destination`), secrets redacted, and inside a request or
 * job its `traceId`, `spanId` and `requestId` on every line (from trace-context.ts).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'partnership-pulse' },
      redact: { paths: redactedPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin() {
        const trace = currentTrace();
        return trace ? { traceId: trace.traceId, spanId: trace.spanId, requestId: trace.requestId } : {};
      },
    },
    destination,
  );
}
