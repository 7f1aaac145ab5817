/** How a Graph call failed, as the sync and `doctor` act on it. */
type GraphFailure =
  /** The token was refused, or could not be had (a wrong secret, tenant or app id). */
  | 'AUTH'
  /** The app lacks the application permission (no admin consent for Calendars.ReadBasic). */
  | 'NOT_CONSENTED'
  /** The mailbox is outside the app's scope (RBAC for Applications, or an application access policy). */
  | 'OUT_OF_SCOPE'
  /** No such mailbox. */
  | 'NO_MAILBOX'
  /** Throttled past the retries. */
  | 'THROTTLED'
  /** The delta token is no longer valid: read the window again in full. */
  | 'SYNC_STATE'
  | 'OTHER';

/** A Graph or Entra ID call that failed, with Graph's status and code, and no token or secret in its message. */
export class GraphCallError extends Error {
  constructor(
    readonly failure: GraphFailure,
    readonly status: number,
    message: string,
    readonly graphCode?: string,
  ) {
    super(message);
    this.name = 'GraphCallError';
  }
}

/** Graph's error code and status, as the client library's GraphError carries them, to a failure. */
export function graphFailureOf(status: number, code: string | null | undefined, message: string): GraphCallError {
  const c = code ?? '';
  let failure: GraphFailure = 'OTHER';
  if (status === 401) failure = 'AUTH';
  else if (status === 403 && /RAOP|AccessPolicy|scope/i.test(message)) failure = 'OUT_OF_SCOPE';
  else if (status === 403) failure = 'NOT_CONSENTED';
  else if (status === 404 && c === 'ErrorInvalidUser') failure = 'NO_MAILBOX';
  else if (status === 429) failure = 'THROTTLED';
  else if (status === 410 || /SyncState|resyncRequired/i.test(c)) failure = 'SYNC_STATE';
  return new GraphCallError(failure, status, `Graph answered ${status} ${c}: ${message.slice(0, 300)}`, c);
}
