import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { AppTokenSource } from './app-token.ts';

/** A link in the client library's middleware chain. */
abstract class Link implements Middleware {
  protected next: Middleware | undefined;
  abstract execute(context: Context): Promise<void>;
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * Adds the app's bearer token to every call. The library's own AuthenticationHandler sends a token only to
 * https Graph hosts, which a loopback stand-in is not (PLATFORM.md): this one sends it to the host configured.
 */
export class BearerLink extends Link {
  constructor(private readonly tokens: AppTokenSource) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const headers = new Headers(context.options?.headers as HeadersInit | undefined);
    headers.set('authorization', `Bearer ${await this.tokens.token()}`);
    context.options = { ...context.options, headers };
    await this.next!.execute(context);
    // A token Graph refused (revoked, or cached past a key rollover) is fetched again next time.
    if (context.response?.status === 401) this.tokens.forget();
  }
}

/** What a retry waits on: the machine's timer, or a test's. */
export type Wait = (ms: number) => Promise<void>;
export const systemWait: Wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** 429 and passing server faults, the statuses Graph asks to retry (https://learn.microsoft.com/en-us/graph/throttling). */
const RETRY_STATUSES = new Set([429, 503, 504]);
const MAX_RETRIES = 4;

/**
 * Retries throttled and passing faults, waiting what Retry-After says (seconds), else 1, 2, 4, 8 s: Graph's advice
 * for throttling. After the last retry the response is passed on and the caller reports it.
 */
export class RetryAfterLink extends Link {
  constructor(
    private readonly wait: Wait,
    private readonly onRetry: (status: number, waitMs: number) => void = () => undefined,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await this.next!.execute(context);
      const res = context.response;
      if (!res || !RETRY_STATUSES.has(res.status) || attempt === MAX_RETRIES) return;
      // Retry-After in seconds when Graph sends one (capped at 10 minutes); else 1, 2, 4, 8 s.
      const header = res.headers.get('retry-after');
      const seconds = header === null || header.trim() === '' ? Number.NaN : Number(header);
      const waitMs = Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 600) * 1000 : 1000 * 2 ** attempt;
      this.onRetry(res.status, waitMs);
      await res.body?.cancel();
      await this.wait(waitMs);
    }
  }
}
