/**
 * Waits for an event a test is not told of (a log line, a row, a lock another connection waits for, a port that
 * answers) by asking until it holds, rather than sleeping for a time assumed long enough. Fails naming `what` (a
 * function when the message should tell what was seen by then) after `timeoutMs`. `pollMs` spaces the checks out for
 * a check that costs something (an HTTP call, a sync on three replicas).
 */
export async function until(
  what: string | (() => string),
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  pollMs = 10,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Whether `url` answers 2xx now (a refused connection or a timeout is a no), for `until` to wait on a port. */
export const answersOk = (url: string, timeoutMs = 2000): Promise<boolean> =>
  fetch(url, { signal: AbortSignal.timeout(timeoutMs) }).then(
    (r) => r.ok,
    () => false,
  );
