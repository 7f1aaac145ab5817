import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run toolkit:validate`: the Microsoft 365 Agents Toolkit CLI checks the app manifest against its schema and
 * the toolkit's validation rules, offline (the CLI bundles the manifest schemas), with env/.env.local's values.
 *
 * The CLI is not a devDependency: its `keytar` dependency builds a native module when installed (a prebuilt binary
 * downloaded from github.com, else compiled against libsecret's headers); where neither is available, as on the CI
 * machine, that install script fails and with it `npm ci`. It also weighs about 450 MB. So it is installed apart,
 * pinned, in `.build/atk` (git-ignored), with install scripts off: keytar caches Microsoft 365 sign-ins, which
 * `validate --manifest-file` does not use. (`validate --package-file` and the test cases do: they call the Teams
 * Developer Portal with a signed-in account, so they are not run here.)
 */
const CLI = '@microsoft/m365agentstoolkit-cli@1.1.17';
const root = fileURLToPath(new URL('..', import.meta.url));
const prefix = join(root, '.build', 'atk');
const atk = join(prefix, 'node_modules', '.bin', 'atk');

const run = (command: string, args: string[]) => spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (!existsSync(atk)) {
  process.stderr.write(`Installing ${CLI} into .build/atk (once; install scripts off)...\n`);
  const status = run('npm', [
    'install',
    '--prefix',
    prefix,
    '--no-save',
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    CLI,
  ]);
  if (status !== 0) process.exit(status);
}
process.exit(
  run(atk, [
    'validate',
    '--manifest-file',
    './appPackage/manifest.json',
    '--env',
    'local',
    '--folder',
    '.',
    '--telemetry',
    'false',
    '--interactive',
    'false',
  ]),
);
