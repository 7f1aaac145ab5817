import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * Merges `env/.env.<name>` (committed, safe defaults), then `env/.env.<name>.user` (git-ignored secrets), then the
 * process environment, later ones winning: the layout the Microsoft 365 Agents Toolkit uses.
 */
export function loadEnvFiles(
  rootDir: string,
  processEnv: Readonly<Record<string, string | undefined>>,
): { env: Record<string, string | undefined>; files: string[] } {
  const envName = processEnv.PULSE_ENV?.trim() || 'local';
  if (!/^[a-z0-9-]+$/.test(envName)) return { env: { ...processEnv }, files: [] };
  const files: string[] = [];
  const merged: Record<string, string | undefined> = {};
  for (const file of [`.env.${envName}`, `.env.${envName}.user`]) {
    const path = join(rootDir, 'env', file);
    if (!existsSync(path)) continue;
    Object.assign(merged, parseEnv(readFileSync(path, 'utf8')));
    files.push(join('env', file));
  }
  for (const [key, value] of Object.entries(processEnv)) if (value !== undefined) merged[key] = value;
  return { env: merged, files };
}
