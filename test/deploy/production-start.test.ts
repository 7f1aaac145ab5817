import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.ts';
import { spawnSyncWatched } from '../support/watched-child.ts';
import { answersOk, until } from '../support/until.ts';

/**
 * The production path from a clean checkout: `npm run build`, copy the build with package.json and the lock file
 * into an empty folder, `npm ci --omit=dev` there (so a run-time import of a dev-only package fails to load), then
 * the bundle started as `npm run start:prod` starts it must answer /readyz and stop cleanly on SIGTERM.
 */
describe('production build and start', () => {
  const app = mkdtempSync(join(tmpdir(), 'pulse-prod-'));
  afterAll(() => rmSync(app, { recursive: true, force: true }));

  it('When built and installed without dev dependencies, then the bundle, started as start:prod starts it, serves /readyz and stops on SIGTERM', async () => {
    const build = spawnSyncWatched('npm', ['run', '--silent', 'build'], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    expect(existsSync('dist/src/adapters/store/migrations/001_installations_and_users.sql')).toBe(true);
    expect(existsSync('dist/cards/help.json')).toBe(true);
    const entry = readFileSync('dist/src/main.js', 'utf8');
    expect(entry).not.toMatch(/from '\.[^']*\.ts'/);
    // One bundle (scripts/build/server-bundle.ts): botbuilder is inside it, PGlite stays a package.
    expect(entry).toContain('node_modules/botbuilder-core/');
    expect(entry).toMatch(/from ['"]@electric-sql\/pglite['"]/);

    for (const f of ['dist', 'package.json', 'package-lock.json']) cpSync(f, join(app, f), { recursive: true });
    const install = spawnSyncWatched('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(install.status, install.stderr).toBe(0);
    for (const devOnly of ['tsx', 'typescript', 'vitest'])
      expect(existsSync(join(app, 'node_modules', devOnly))).toBe(false);

    const server = await startServerProcess(
      { SF_SYNC_INTERVAL_MINUTES: '0', CYCLE_SCHEDULE: 'manual' },
      // `npm run start:prod` itself, as ADMIN section 8 runs it, so a SIGTERM to npm must reach the server.
      { command: 'npm-start-prod', cwd: app, dataDir: join(app, 'data'), cleanEnv: true },
    );
    let code: number | null;
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      // A request with a body goes through restify's body reader, and the admin sync through jsforce, in the bundle.
      const token = readFileSync(join(app, 'data', 'admin.token'), 'utf8').trim();
      let answer = '';
      // The start's own sync of the demo org may still run: the admin sync says SYNC_BUSY until it is done.
      await until(
        () => `an admin sync to run (last answer ${answer})`,
        async () => {
          const r = await fetch(`${server.adminUrl()}/admin/sync`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-pulse-admin-token': token },
            body: '{}',
          });
          answer = `${r.status} ${await r.text()}`;
          return !answer.includes('"code":"SYNC_BUSY"');
        },
        60_000,
        500,
      );
      expect(answer).toMatch(/^200 /);
      expect(answer).toContain('"type":"summary"');
      expect(await (await fetch(`${server.url}/tab/portfolio`)).text()).toContain('<script');
    } finally {
      code = await server.stop();
    }
    expect(code, server.output()).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    // The server behind npm is gone too: no port answering, no data-folder lock left (an orphan kept both).
    await until('the server behind npm to stop answering', async () => !(await answersOk(`${server.url}/healthz`)));
    expect(existsSync(join(app, 'data', 'pulse.lock'))).toBe(false);
    // Nothing logged as an error: no module missing from the bundle, no library warning.
    expect(server.output()).not.toMatch(/"level":(50|60)/);
    expect(server.output()).not.toContain('DeprecationWarning');
  }, 600_000);
});
