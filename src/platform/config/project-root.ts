import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json (and env/), found by walking up from a module's URL: the same answer when run
 * from sources (src/main.ts) and from the production build (dist/src/main.js), so env files load in both.
 */
export function projectRoot(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`No package.json above ${fileURLToPath(moduleUrl)}: run Partnership Pulse from its project folder`);
}
