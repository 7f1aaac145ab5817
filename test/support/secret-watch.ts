import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The suite-wide check that no secret reaches a log: tests register every secret they configure, captured logs,
 * console output and the output of every child process (test/support/watched-child.ts) are recorded beside them (one
 * folder per run, made by global setup), and global teardown fails the run if any registered secret appears in any of
 * it.
 */
const dir = () => process.env.PULSE_SECRET_WATCH_DIR;

/** Registers a configured secret (password, client secret, private key, token) the logs must never hold. */
export function registerSecret(value: string): void {
  const d = dir();
  if (d && value.length >= 8) appendFileSync(join(d, `secrets-${process.pid}.txt`), `${JSON.stringify(value)}\n`);
}

/**
 * Records text that was logged (a captured logger's lines, a test's console output, a child process's output) for
 * the final scan. `stream` names a stream written in pieces (a child's stdout): its pieces go to a file of their own,
 * in order, so a secret split across two pieces is still whole there, whatever else is recorded meanwhile.
 */
export function recordLogged(text: string | Uint8Array, stream = String(process.pid)): void {
  const d = dir();
  if (d) appendFileSync(join(d, `logged-${stream}.txt`), text);
}

/** Every registered secret found in the recorded text, with where it was found; empty when clean. */
export function findLeakedSecrets(watchDir: string): string[] {
  const files = readdirSync(watchDir);
  const secrets = new Set<string>();
  for (const f of files.filter((n) => n.startsWith('secrets-')))
    for (const line of readFileSync(join(watchDir, f), 'utf8').split('\n').filter(Boolean))
      secrets.add(JSON.parse(line) as string);
  const leaks: string[] = [];
  for (const f of files.filter((n) => n.startsWith('logged-'))) {
    const text = readFileSync(join(watchDir, f), 'utf8');
    for (const s of secrets) {
      // A PEM key is also looked for by its body lines, which a log would more likely hold than the whole key.
      const needles = s.includes('-----BEGIN') ? s.split('\n').filter((l) => l.length >= 40) : [s];
      if (needles.some((n) => text.includes(n))) leaks.push(`${f}: ${s.slice(0, 6)}… (${s.length} characters)`);
    }
  }
  return leaks;
}
