/** Exponential backoff with jitter, or the server's Retry-After when it gave one. */
export function backoffMs(
  attempt: number,
  options: { retryAfterMs?: number; baseMs?: number; capMs?: number; random?: () => number } = {},
): number {
  if (options.retryAfterMs !== undefined && options.retryAfterMs >= 0) return options.retryAfterMs;
  const base = options.baseMs ?? 1_000;
  const cap = options.capMs ?? 15 * 60_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  // "Equal jitter": at least half the ceiling, so retries spread out but never come back immediately.
  return Math.round(ceiling / 2 + (options.random ?? Math.random)() * (ceiling / 2));
}
