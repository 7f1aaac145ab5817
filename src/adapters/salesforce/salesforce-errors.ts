import { ACCOUNT_TEAMS_FIELDS } from './sf-schema.ts';
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
      /** A query named a field the integration user may not read (field-level security): the message names it. */
      | 'FIELD_ACCESS'
      /**
       * The integration user may not change this record (sharing): the message starts with Salesforce's code, as a
       * per-record refusal's reason does, so the write is parked and tried again after a grant (ACCESS_RECORD_CODES).
       */
      | 'NO_ACCESS'
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

/**
 * Per-record codes that say the integration user may not write this record (Account sharing Private or Public Read
 * Only, a missing edit grant): parked, and tried again by each sync, so a write lands once an admin grants access.
 */
export const ACCESS_RECORD_CODES = [
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
] as const;

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
  if ((ACCESS_RECORD_CODES as readonly string[]).includes(code))
    return new SalesforceError('NO_ACCESS', `${code}: ${message}`, false, undefined, { cause: error });
  // An upsert or delete by an external id two records share (a copied Event, say): no retry can choose for us.
  if (code === 'MULTIPLE_CHOICES' || code === 'ERROR_HTTP_300')
    return new SalesforceError('BAD_REQUEST', `${code}: ${message}`, false, undefined, { cause: error });
  if (code === 'NOT_FOUND' || code === 'ERROR_HTTP_404')
    return new SalesforceError('NOT_FOUND', message, false, undefined, { cause: error });
  if (/^(MALFORMED_QUERY|INVALID_FIELD|INVALID_TYPE|ERROR_HTTP_400)$/.test(code))
    return new SalesforceError('BAD_REQUEST', message, false, undefined, { cause: error });
  return new SalesforceError('UNKNOWN', message, true, undefined, { cause: error });
}

/** The permission set that grants the integration user what the sync reads (salesforce/, docs/SALESFORCE.md). */
const PERMISSION_SET = 'Pulse_Integration';

/**
 * A SOQL INVALID_FIELD ("No such column 'Type' on entity 'Event'") usually means field-level security hides a field
 * from the integration user, not that the field is missing: say which field, and the fix, instead of a generic
 * sync failure. Other errors pass through unchanged.
 */
export function explainInvalidField(error: SalesforceError): SalesforceError {
  const cause = error.cause as { errorCode?: string } | undefined;
  const m = /No such column '([A-Za-z0-9_]+)' on entity '([A-Za-z0-9_]+)'/.exec(error.message);
  if (!m || (cause?.errorCode !== undefined && cause.errorCode !== 'INVALID_FIELD')) return error;
  const field = `${m[2]}.${m[1]}`;
  const set = ACCOUNT_TEAMS_FIELDS.includes(field) ? `${PERMISSION_SET}_Account_Teams` : PERMISSION_SET;
  return new SalesforceError(
    'FIELD_ACCESS',
    `Salesforce will not let the integration user read ${field}. Assign the ${set} permission ` +
      `set to the integration user (it grants read access to ${field}; deploy salesforce/ first if the org ` +
      `lacks it), or grant read access to ${field} in field-level security. Salesforce said: ${m[0]}`,
    false,
    undefined,
    { cause: error },
  );
}
