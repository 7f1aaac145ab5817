import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** `start:prod` as package.json holds it: `node`, Node's options, then the bundle's entry. */
const StartProd = z
  .string()
  .regex(
    /^node( --[a-z-]+=[\w.-]+)* dist\/src\/main\.js$/,
    'start:prod must read: node [--option=value ...] dist/src/main.js',
  );

/**
 * How production starts the server: `npm run start:prod` in package.json is the one definition; the image's CMD and
 * the Azure template repeat it (a structure test holds them to it), and the tests and benchmarks that run the bundle
 * or measure the server as it ships read Node's options from here.
 */
export function productionStart(): { nodeOptions: string[]; entry: string } {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> };
  const words = StartProd.parse(pkg.scripts['start:prod']).split(' ');
  return { nodeOptions: words.slice(1, -1), entry: words.at(-1)! };
}
