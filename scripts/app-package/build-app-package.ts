import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import AdmZip from 'adm-zip';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { pngInfo } from './png-info.ts';
import type { CommandHelp } from '../../src/features/cards/help-card.ts';

/** A package that would be refused by Teams; `problems` say what to fix, one per line. */
export class AppPackageError extends Error {
  readonly code = 'APP_PACKAGE_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`The Teams app package is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Replaces every `${{NAME}}` with its value; names without a value are returned, not left in place. */
export function resolvePlaceholders(
  text: string,
  vars: Readonly<Record<string, string | undefined>>,
): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const resolved = text.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_m, name: string) => {
    const value = vars[name];
    if (value === undefined || value === '') {
      missing.add(name);
      return '';
    }
    // Values land inside JSON strings: escape them as JSON would.
    return JSON.stringify(value).slice(1, -1);
  });
  return { text: resolved, missing: [...missing] };
}

/** Checks the icons Teams requires: colour 192x192, outline 32x32 with transparency. */
export function iconProblems(color: Buffer | undefined, outline: Buffer | undefined): string[] {
  const problems: string[] = [];
  const c = color && pngInfo(color);
  if (!c) problems.push('icons.color: the file is missing or not a PNG');
  else if (c.width !== 192 || c.height !== 192)
    problems.push(`icons.color: must be 192x192 pixels, is ${c.width}x${c.height}`);
  const o = outline && pngInfo(outline);
  if (!o) problems.push('icons.outline: the file is missing or not a PNG');
  else {
    if (o.width !== 32 || o.height !== 32)
      problems.push(`icons.outline: must be 32x32 pixels, is ${o.width}x${o.height}`);
    if (!o.hasAlpha) problems.push('icons.outline: must have a transparent background (a PNG with alpha)');
  }
  return problems;
}

/** The manifest schema bundled in @microsoft/app-manifest, read from disk: no network is needed. */
function bundledSchema(manifestVersion: string): object {
  const pkg = createRequire(import.meta.url).resolve('@microsoft/app-manifest');
  const file = join(dirname(pkg), 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  if (!existsSync(file)) throw new AppPackageError([`manifestVersion: no bundled schema for ${manifestVersion}`]);
  const text = readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  return JSON.parse(text) as object;
}

/** Validates a manifest object against its bundled schema and our own rules; returns readable problems. */
export async function manifestProblems(manifest: Record<string, unknown>): Promise<string[]> {
  const version = String(manifest.manifestVersion ?? '');
  if (!/^1\.(2[5-9]|[3-9]\d)$/.test(version))
    return [`manifestVersion: must be 1.25 or later for shared channels, is "${version}"`];
  const schemaErrors = await AppManifestUtils.validateAgainstSchema(manifest as never, bundledSchema(version) as never);
  const problems = schemaErrors.map((e) => `manifest${e.trim()}`);
  if (manifest.supportsChannelFeatures !== 'tier1')
    problems.push('supportsChannelFeatures: must be "tier1" so the app works in shared channels');
  return problems;
}

/**
 * Adds the bot's command lists from the routes, so the Teams command menu cannot drift from what the bot answers:
 * one list per kind of scope, as the schema asks; the channels' and group chats' menu leaves out what works only in
 * the 1:1 chat (everyone in a channel, the client's people in a shared one, would read its answer).
 */
export function withCommands(
  manifest: Record<string, unknown>,
  commands: readonly CommandHelp[],
): Record<string, unknown> {
  // Teams takes at most 12 commands a list: what a person rarely types is answered and in help, not in the menu.
  const menu = (cs: readonly CommandHelp[]) =>
    cs
      .filter((c) => !c.notInMenu)
      .map((c) => ({ title: c.name.slice(0, 32), description: c.description.slice(0, 128) }));
  const bots = (manifest.bots as Record<string, unknown>[] | undefined) ?? [];
  return {
    ...manifest,
    bots: bots.map((b) => {
      const scopes = (b.scopes as string[] | undefined) ?? [];
      const shared = scopes.filter((s) => s !== 'personal');
      const commandLists = [
        ...(scopes.includes('personal')
          ? [{ scopes: ['personal'], commands: menu(commands.filter((c) => !c.channelOnly)) }]
          : []),
        ...(shared.length ? [{ scopes: shared, commands: menu(commands.filter((c) => !c.personalOnly)) }] : []),
      ];
      return { ...b, commandLists };
    }),
  };
}

/** Inputs of a package build. */
export interface BuildOptions {
  appPackageDir: string;
  envName: string;
  vars: Readonly<Record<string, string | undefined>>;
  commands: readonly CommandHelp[];
}

/** Resolves, validates and zips `appPackage/` into `appPackage/build/appPackage.<env>.zip`; throws AppPackageError. */
export async function buildAppPackage(
  o: BuildOptions,
): Promise<{ zipPath: string; manifest: Record<string, unknown> }> {
  const template = readFileSync(join(o.appPackageDir, 'manifest.json'), 'utf8');
  const { text, missing } = resolvePlaceholders(template, o.vars);
  if (missing.length) {
    throw new AppPackageError(
      missing.map(
        (name) => `${name}: no value; set it in env/.env.${o.envName} (or .env.${o.envName}.user for secrets)`,
      ),
    );
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new AppPackageError([
      `manifest.json is not valid JSON after placeholders were resolved: ${(error as Error).message}`,
    ]);
  }
  const manifest = withCommands(parsed, o.commands);
  const icons = manifest.icons as { color?: string; outline?: string } | undefined;
  const read = (name: string | undefined) =>
    name && existsSync(join(o.appPackageDir, name)) ? readFileSync(join(o.appPackageDir, name)) : undefined;
  const problems = [...(await manifestProblems(manifest)), ...iconProblems(read(icons?.color), read(icons?.outline))];
  if (problems.length) throw new AppPackageError(problems);
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  zip.addFile(icons!.color!, read(icons!.color)!);
  zip.addFile(icons!.outline!, read(icons!.outline)!);
  const outDir = join(o.appPackageDir, 'build');
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `appPackage.${o.envName}.zip`);
  zip.writeZip(zipPath);
  return { zipPath, manifest };
}
