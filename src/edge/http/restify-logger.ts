import type { Logger } from '../../platform/log/logger.ts';
import { describeError } from '../../platform/log/describe-error.ts';

/** Keeps only the kind of a value restify hands its logger, never its content. */
const kindOnly = (value: unknown): string =>
  value === null || value === undefined ? String(value) : (value.constructor?.name ?? typeof value);

/**
 * The logger restify itself writes to: ours (same stream, same redaction), with the objects restify logs whole
 * (a handler's discarded return value, requests and responses, which carry headers such as the admin token)
 * reduced to their kind, and errors to their loggable facts.
 */
export function restifyLogger(log: Logger): Logger {
  return log.child(
    { component: 'restify' },
    { serializers: { value: kindOnly, req: kindOnly, res: kindOnly, err: describeError, error: describeError } },
  );
}
