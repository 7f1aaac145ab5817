import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/platform/config/project-root.ts';
import { buildPgliteTemplate, pgliteTemplateName } from '../src/adapters/store/pglite-template.ts';
import { bundleServer } from './build/server-bundle.ts';

/**
 * `npm run build`: the production build. Compiles src/ and the operator commands to JavaScript in dist/ (tsc with
 * tsconfig.build.json, `.ts` imports rewritten to `.js`), replaces the server's entry, dist/src/main.js, with one
 * bundle of it and its dependencies (scripts/build/server-bundle.ts), copies what the code reads from disk beside it (SQL
 * migrations, card templates), then builds the tab bundle when the project has a `build:tab` script, and the
 * embedded database's pre-initialised and migrated folder (dist/.build/pglite-template-<version>-<hash>). The result runs
 * with `npm run start:prod` (node with its options, then dist/src/main.js) on `npm ci --omit=dev`: no TypeScript at
 * run time.
 */
const root = projectRoot(import.meta.url);
const dist = join(root, 'dist');

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`Build failed: ${command} ${args.join(' ')} exited with ${result.status ?? result.signal}\n`);
    process.exit(1);
  }
}

rmSync(dist, { recursive: true, force: true });
run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
// The server's entry is then replaced by one bundle of it (scripts/build/server-bundle.ts): a faster start.
await bundleServer(root);
// Read at run time relative to the compiled modules: src/adapters/store/migrate.ts and src/features/cards/render-card.ts.
cpSync(join(root, 'src/adapters/store/migrations'), join(dist, 'src/adapters/store/migrations'), {
  recursive: true,
  filter: (from) => statSync(from).isDirectory() || from.endsWith('.sql'),
});
cpSync(join(root, 'cards'), join(dist, 'cards'), {
  recursive: true,
  filter: (from) => statSync(from).isDirectory() || from.endsWith('.json'),
});
// The tab's browser bundle (esbuild, a build tool) is built by its own script, then copied beside the compiled
// server (dist/.build/tab), which serves it as it is: a production install has neither esbuild nor web/ sources.
run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build:tab']);
cpSync(join(root, '.build/tab'), join(dist, '.build/tab'), { recursive: true });
// The embedded database's pre-initialised folder (src/adapters/store/pglite-template.ts), so that a first start copies it
// instead of running PGlite's initdb (seconds and 900 MB at peak).
await buildPgliteTemplate(join(dist, '.build', await pgliteTemplateName()));
if (!existsSync(join(dist, 'src/main.js'))) {
  process.stderr.write('Build failed: dist/src/main.js is missing\n');
  process.exit(1);
}
process.stdout.write('Built dist/: start it with `npm run start:prod`, or with the Node options start:prod gives.\n');
