import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the running server leaves the token its local command-line tools present. */
export function adminTokenPath(dataDir: string): string {
  return join(resolve(dataDir), 'admin.token');
}

/** Creates a fresh token readable only by this user (mode 0600); command-line tools read it to call the server. */
export function writeAdminToken(dataDir: string): string {
  mkdirSync(resolve(dataDir), { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(adminTokenPath(dataDir), token, { mode: 0o600 });
  return token;
}

/** The token the running server wrote, or undefined when no server has run here. */
export function readAdminToken(dataDir: string): string | undefined {
  try {
    return readFileSync(adminTokenPath(dataDir), 'utf8').trim();
  } catch {
    // No file: no server has started with this data folder.
    return undefined;
  }
}

/** Compares tokens in constant time. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
