import { loadEnvFiles } from '../src/platform/config/env-files.ts';
import { projectRoot } from '../src/platform/config/project-root.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { formatDoctorReport } from '../src/features/doctor/check-result.ts';
import { DEFAULT_LOGIN_URL, runDoctor } from '../src/features/doctor/run-doctor.ts';

/**
 * `npm run doctor [-- --login-url URL]`: checks configuration, database and migrations, Salesforce login and field
 * access, and Bot Framework credentials, and prints the fix for each failure. Exit 1 when any check fails. It never
 * opens the embedded database while the server holds it (it asks the server's /readyz instead).
 */
const usage = 'Usage: npm run doctor [-- --login-url https://login.microsoftonline.com]';
const args = process.argv.slice(2);
const at = args.indexOf('--login-url');
const loginUrl = at >= 0 ? args[at + 1] : DEFAULT_LOGIN_URL;
if (args.some((a, i) => a !== '--login-url' && i !== at + 1) || !loginUrl || !/^https?:\/\//.test(loginUrl)) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}

const { env, files } = loadEnvFiles(projectRoot(import.meta.url), process.env);
process.stdout.write(`Partnership Pulse doctor (settings from ${files.join(', ') || 'the environment only'})\n`);
const results = await runDoctor(env, { log: createLogger('silent'), loginUrl });
process.stdout.write(`${formatDoctorReport(results)}\n`);
process.exit(results.some((r) => r.status === 'fail') ? 1 : 0);
