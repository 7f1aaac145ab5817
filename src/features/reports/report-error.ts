/** A report request that cannot be served (unknown account, bad range): the message says why. */
export class ReportError extends Error {
  readonly code = 'REPORT_INVALID';
}
