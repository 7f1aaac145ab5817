/**
 * One run of `probe` shared by every caller within `freshMs` of its start: a burst of health probes (the platform's,
 * or anyone's: the probes are never rate-limited) costs the database one check, not one per request.
 */
export function sharedProbe<T>(
  probe: () => Promise<T>,
  freshMs: number,
  now = () => performance.now(),
): () => Promise<T> {
  let last: { at: number; result: Promise<T> } | undefined;
  return () => {
    const t = now();
    if (!last || t - last.at >= freshMs) last = { at: t, result: probe() };
    return last.result;
  };
}
