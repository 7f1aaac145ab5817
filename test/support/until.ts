/**
 * Waits for an event a test is not told of (a log line, a row, a lock another connection waits for) by asking until
 * it holds, rather than sleeping for a time assumed long enough. Fails naming `what` after `timeoutMs`.
 */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
