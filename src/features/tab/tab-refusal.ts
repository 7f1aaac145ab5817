/** Why the tab API refuses a request: an HTTP status and a sentence the page shows as it is. */
export class TabRefusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 503,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TabRefusal';
  }
}
