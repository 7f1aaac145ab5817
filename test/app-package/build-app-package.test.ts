import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { describe, expect, it } from 'vitest';
import { AppPackageError, buildAppPackage, resolvePlaceholders } from '../../scripts/app-package/build-app-package.ts';
import { loadEnvFiles } from '../../src/platform/config/env-files.ts';
import { buildRoutes } from '../../src/edge/bot/routes.ts';

const root = join(import.meta.dirname, '..', '..');

function copyOfAppPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-app-package-'));
  cpSync(join(root, 'appPackage'), dir, {
    recursive: true,
    filter: (src) => !src.includes(`${join('appPackage', 'build')}`),
  });
  return dir;
}

const vars = () => loadEnvFiles(root, { PULSE_ENV: 'local' }).env;
const commands = buildRoutes().commandList();

async function problemsOf(dir: string, v = vars()): Promise<string[]> {
  try {
    await buildAppPackage({ appPackageDir: dir, envName: 'local', vars: v, commands });
  } catch (error) {
    if (error instanceof AppPackageError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('npm run package', () => {
  it('When built from the committed manifest, then the zip holds a valid manifest declaring shared-channel support and the route commands', async () => {
    const dir = copyOfAppPackage();
    const { zipPath } = await buildAppPackage({ appPackageDir: dir, envName: 'local', vars: vars(), commands });
    const zip = new AdmZip(zipPath);
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(zip.readAsText('manifest.json')) as Record<string, any>;
    expect(manifest.supportsChannelFeatures).toBe('tier1');
    expect(manifest.manifestVersion).toBe('1.25');
    expect(JSON.stringify(manifest)).not.toContain('${{');
    const menus = manifest.bots[0].commandLists as { scopes: string[]; commands: { title: string }[] }[];
    expect(menus.map((l) => l.scopes)).toEqual([['personal'], ['team', 'groupChat']]);
    expect(menus[0]!.commands.map((c) => c.title)).toEqual(commands.filter((c) => !c.channelOnly).map((c) => c.name));
    expect(menus[0]!.commands.map((c) => c.title)).toEqual(['help', 'status', 'log meeting', 'scorecard']);
    // What shows a person's own accounts is not offered where a channel (a shared one included) reads the answer.
    expect(menus[1]!.commands.map((c) => c.title)).toEqual(
      commands.filter((c) => !['status', 'log meeting', 'linked', 'unlink'].includes(c.name)).map((c) => c.name),
    );
    // Teams takes at most 12 a list; the rarely typed ones are answered and in help, not in the menu.
    expect(menus[1]!.commands.length).toBeLessThanOrEqual(12);
    expect(manifest.authorization.permissions.resourceSpecific.map((p: { name: string }) => p.name)).toContain(
      'ChannelMember.Read.Group',
    );
  });

  it('When the manifest breaks the schema, then the build fails naming the field', async () => {
    const dir = copyOfAppPackage();
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    delete m.developer;
    m.accentColor = 'teal';
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    const problems = await problemsOf(dir);
    expect(problems.some((p) => p.includes("must have required property 'developer'"))).toBe(true);
    expect(problems.some((p) => p.startsWith('manifest/accentColor'))).toBe(true);
  });

  it('When shared-channel support is missing or the version too old, then the build says so', async () => {
    const dir = copyOfAppPackage();
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    delete m.supportsChannelFeatures;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    expect(await problemsOf(dir)).toEqual([
      'supportsChannelFeatures: must be "tier1" so the app works in shared channels',
    ]);
    m.manifestVersion = '1.17';
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    expect((await problemsOf(dir))[0]).toMatch(/^manifestVersion: must be 1.25 or later/);
  });

  it('When an icon has the wrong size or the outline is opaque, then the build fails', async () => {
    const dir = copyOfAppPackage();
    cpSync(join(dir, 'outline.png'), join(dir, 'color.png'));
    expect(await problemsOf(dir)).toEqual(['icons.color: must be 192x192 pixels, is 32x32']);
    const opaque = copyOfAppPackage();
    const outline = readFileSync(join(opaque, 'outline.png'));
    outline[25] = 2; // IHDR colour type 2: RGB without alpha
    writeFileSync(join(opaque, 'outline.png'), outline);
    expect(await problemsOf(opaque)).toEqual(['icons.outline: must have a transparent background (a PNG with alpha)']);
  });

  it('When a placeholder has no value, then the build names the variable and the env file', async () => {
    const dir = copyOfAppPackage();
    expect(await problemsOf(dir, { ...vars(), BOT_ID: '' })).toEqual([
      'BOT_ID: no value; set it in env/.env.local (or .env.local.user for secrets)',
    ]);
  });

  it('Placeholder values are escaped for JSON', () => {
    expect(resolvePlaceholders('{"a":"${{X}}"}', { X: 'say "hi"' }).text).toBe('{"a":"say \\"hi\\""}');
  });
});
