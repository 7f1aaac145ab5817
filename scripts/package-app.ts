import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { loadEnvFiles } from '../src/platform/config/env-files.ts';
import { buildRoutes } from '../src/edge/bot/routes.ts';
import { AppPackageError, buildAppPackage } from './app-package/build-app-package.ts';
import { parseCliArgsOrExit } from './cli/parse-cli-args.ts';

/** `npm run package [-- --env <name>]`: builds the Teams app package for one environment. */
async function main(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const usage = 'Usage: npm run package -- --env <name>   (reads env/.env.<name>)';
  const { values } = parseCliArgsOrExit(process.argv.slice(2), { env: { type: 'string' } }, usage);
  const envName = values.env ?? process.env.PULSE_ENV ?? 'local';
  if (!/^[a-z0-9-]+$/.test(envName)) {
    process.stderr.write(`${usage}\n`);
    process.exit(2);
  }
  const { env, files } = loadEnvFiles(root, { ...process.env, PULSE_ENV: envName });
  try {
    const { zipPath, manifest } = await buildAppPackage({
      appPackageDir: join(root, 'appPackage'),
      envName,
      vars: env,
      commands: buildRoutes().commandList(),
    });
    console.log(
      `Built ${relative(root, zipPath)} (manifest ${String(manifest.manifestVersion)}, app id ${String(manifest.id)}) from ${files.join(', ')}.`,
    );
    console.log('Upload it in Teams: Apps > Manage your apps > Upload an app.');
  } catch (error) {
    if (error instanceof AppPackageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

void main();
