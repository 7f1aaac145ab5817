import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * `start:prod` as package.json holds it: `exec node` (npm's shell hands its process to node, so a SIGTERM to npm
 * reaches the server; without exec, node outlived npm, holding the port and the data folder), Node's options
 * (`--name` or `--name=value`, nothing a shell would read otherwise, since the image and the Azure template repeat
 * them), then the bundle's entry. Its options today:
 * - `--disable-warning` for deprecations Node reports only for code outside node_modules, which the bundle holds:
 *   DEP0111 (http-deceiver, under restify's spdy, reads process.binding; `npm start` has it too), DEP0005
 *   (restify's body reader calls Buffer()), DEP0169 (restify's url.parse, from Node 24) and DEP0040 (tr46 requires
 *   punycode, from Node 25.8);
 * - `--max-old-space-size=512`: V8 sizes its heap from the host's memory and lets garbage grow to match; the limit
 *   keeps a full sync of 20,000 key accounts under 400 MB of RSS (docs/ADMIN.md, section 8).
 */
const StartProd = z
  .string()
  .regex(
    /^exec node( --[a-z0-9-]+(=[\w.:/-]+)?)* dist\/src\/main\.js$/,
    'start:prod must read: exec node [--option[=value] ...] dist/src/main.js',
  );

/**
 * How production starts the server: `npm run start:prod` in package.json is the one definition; the image's CMD and
 * the Azure template repeat it (a structure test holds them to it), and the tests and benchmarks that run the bundle
 * or measure the server as it ships read Node's options from here.
 */
export function productionStart(): { nodeOptions: string[]; entry: string } {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> };
  const words = StartProd.parse(pkg.scripts['start:prod']).split(' ');
  return { nodeOptions: words.slice(2, -1), entry: words.at(-1)! };
}
