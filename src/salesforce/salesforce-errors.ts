/** A Salesforce failure in our terms: `code` is stable, `retryable` says whether the outbox should try again. */
export class SalesforceError extends Error {
  constructor(
    readonly code:
      | 'AUTH_FAILED'
      | 'AUTH_CIRCUIT_OPEN'
      | 'LIMIT_EXCEEDED'
      | 'UNAVAILABLE'
      | 'NETWORK'
      | 'BAD_REQUEST'
      | 'NOT_FOUND'
      | 'UNKNOWN',
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SalesforceError';
  }
}

/** Per-record error codes worth another try: the record was fine, the moment was not. */
export const RETRYABLE_RECORD_CODES = new Set([
  'UNABLE_TO_LOCK_ROW',
  'REQUEST_LIMIT_EXCEEDED',
  'SERVER_UNAVAILABLE',
  'UNKNOWN_EXCEPTION',
]);

/** Maps whatever jsforce or fetch threw to a SalesforceError (never leaking the session id). */
export function toSalesforceError(error: unknown): SalesforceError {
  if (error instanceof SalesforceError) return error;
  const e = error as { errorCode?: string; name?: string; message?: string; code?: string; statusCode?: number };
  const code = e.errorCode ?? e.name ?? '';
  const message = (e.message ?? String(error)).replace(/00D\w+![\w.]+/g, '[session]');
  if (code === 'REQUEST_LIMIT_EXCEEDED')
    return new SalesforceError('LIMIT_EXCEEDED', message, true, 60_000, { cause: error });
  if (code === 'INVALID_SESSION_ID' || /Unable to refresh session/.test(message)) {
    return new SalesforceError(/circuit/i.test(message) ? 'AUTH_CIRCUIT_OPEN' : 'AUTH_FAILED', message, true, 60_000, {
      cause: error,
    });
  }
  if (
    /^(SERVER_UNAVAILABLE|ERROR_HTTP_5\d\d|ERROR_HTTP_420|ERROR_HTTP_429)$/.test(code) ||
    (e.statusCode ?? 0) >= 500
  ) {
    return new SalesforceError('UNAVAILABLE', message, true, undefined, { cause: error });
  }
  if (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET'].includes(e.code ?? '') ||
    /fetch failed|socket hang up|ECONNREFUSED|ECONNRESET/.test(message)
  ) {
    return new SalesforceError('NETWORK', message, true, undefined, { cause: error });
  }
  if (code === 'NOT_FOUND' || code === 'ERROR_HTTP_404')
    return new SalesforceError('NOT_FOUND', message, false, undefined, { cause: error });
  if (/^(MALFORMED_QUERY|INVALID_FIELD|INVALID_TYPE|ERROR_HTTP_400)$/.test(code))
    return new SalesforceError('BAD_REQUEST', message, false, undefined, { cause: error });
  return new SalesforceError('UNKNOWN', message, true, undefined, { cause: error });
}
