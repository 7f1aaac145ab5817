import { loadEnvFiles } from '../src/platform/config/env-files.ts';
import { projectRoot } from '../src/platform/config/project-root.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { formatDoctorReport } from '../src/features/doctor/check-result.ts';
import { DEFAULT_LOGIN_URL, runDoctor } from '../src/features/doctor/run-doctor.ts';

/**
 * `npm run doctor [-- --login-url URL] [--mailbox M --outside-mailbox O]`: checks configuration, database and
 * migrations, Salesforce login and field access, Bot Framework credentials, and calendar access (an account
 * manager's mailbox readable, one outside the app's scope refused), and prints the fix for each failure. Exit 1 when
 * any check fails. It never opens the embedded database while the server holds it (it asks the server's /readyz).
 */
const usage =
  'Usage: npm run doctor [-- --login-url https://login.microsoftonline.com] ' +
  '[--mailbox <an account manager> --outside-mailbox <anyone else>]';
const OPTIONS = ['--login-url', '--mailbox', '--outside-mailbox'];
const args = process.argv.slice(2);
const given = new Map<string, string>();
for (let i = 0; i < args.length; i += 2) {
  const [name, value] = [args[i]!, args[i + 1]];
  if (!OPTIONS.includes(name) || !value || value.startsWith('--')) {
    process.stderr.write(`${usage}\n`);
    process.exit(2);
  }
  given.set(name, value);
}
const loginUrl = given.get('--login-url') ?? DEFAULT_LOGIN_URL;
if (!/^https?:\/\//.test(loginUrl)) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}

const { env, files } = loadEnvFiles(projectRoot(import.meta.url), process.env);
process.stdout.write(`Partnership Pulse doctor (settings from ${files.join(', ') || 'the environment only'})\n`);
const results = await runDoctor(env, {
  log: createLogger('silent'),
  loginUrl,
  calendarProbe: { mailbox: given.get('--mailbox'), outside: given.get('--outside-mailbox') },
});
process.stdout.write(`${formatDoctorReport(results)}\n`);
process.exit(results.some((r) => r.status === 'fail') ? 1 : 0);
