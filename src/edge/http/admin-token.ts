import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the running server leaves the token its local command-line tools present. */
export function adminTokenPath(dataDir: string): string {
  return join(resolve(dataDir), 'admin.token');
}

/**
 * Creates a fresh token readable only by this user; command-line tools read it to call the server. It is written
 * to a new file created 0600 and renamed over the old one, so a token file left with looser permissions (an
 * older version, a copy, a umask) never receives the new token, and the folder is made private (0700) too.
 */
export function writeAdminToken(dataDir: string): string {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  refuseForeign(dir, 'DATA_DIR');
  chmodSync(dir, 0o700);
  const token = randomBytes(32).toString('base64url');
  const fresh = `${adminTokenPath(dataDir)}.${process.pid}`;
  rmSync(fresh, { force: true });
  writeFileSync(fresh, token, { mode: 0o600, flag: 'wx' });
  renameSync(fresh, adminTokenPath(dataDir));
  return token;
}

/**
 * The server's answer to a command-line tool's challenge: proves it holds the token, and listens on `port`,
 * without the token crossing the wire, so the tool never sends its token to another program on that port.
 */
export function adminProof(token: string, nonce: string, port: number): string {
  return createHmac('sha256', token).update(`${nonce}:${port}`).digest('base64url');
}

/**
 * Refuses a file or folder another user owns: its owner could replace the token and port files and answer the tools
 * in the server's place (they would send it their requests, and believe its answers). POSIX only.
 */
function refuseForeign(path: string, what: string): void {
  const uid = process.getuid?.();
  if (uid === undefined) return;
  const owner = statSync(path).uid;
  if (owner !== uid)
    throw new Error(
      `${what} ${path} belongs to another user (uid ${owner}, not ${uid}): use a folder of your own (DATA_DIR), or run as its owner.`,
    );
}

/** Reads one of the server's files, undefined when absent; refused when another user owns it or may change it. */
function readOwnFile(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // No file: no server has written it here.
    return undefined;
  }
  refuseForeign(path, 'The file');
  if ((statSync(path).mode & 0o077) !== 0)
    throw new Error(`${path} may be read or changed by other users: remove it and start the server again.`);
  return text.trim();
}

/** The token the running server wrote, or undefined when no server has run here. */
export function readAdminToken(dataDir: string): string | undefined {
  return readOwnFile(adminTokenPath(dataDir));
}

/** Where the running server writes the loopback port of its admin listener (ADMIN_PORT, or the one it picked). */
function adminPortPath(dataDir: string): string {
  return join(resolve(dataDir), 'admin.port');
}

/** Records the admin listener's port for the command-line tools (replaced whole, readable by this user only). */
export function writeAdminPort(dataDir: string, port: number): void {
  const fresh = `${adminPortPath(dataDir)}.${process.pid}`;
  rmSync(fresh, { force: true });
  writeFileSync(fresh, String(port), { mode: 0o600, flag: 'wx' });
  renameSync(fresh, adminPortPath(dataDir));
}

/** The admin port the running server wrote, or undefined when none runs (or ran) here. */
export function readAdminPort(dataDir: string): number | undefined {
  const text = readOwnFile(adminPortPath(dataDir));
  if (text === undefined) return undefined;
  const port = Number(text);
  return /^\d{1,5}$/.test(text) && port > 0 && port < 65536 ? port : undefined;
}

/** Forgets the admin port on a clean stop, so a tool does not knock on a port another program may take next. */
export function removeAdminPort(dataDir: string): void {
  rmSync(adminPortPath(dataDir), { force: true });
}

/** Compares tokens in constant time. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
