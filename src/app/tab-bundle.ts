import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import { type Dirent, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { TabAsset, TabBundle } from '../edge/http/tab-assets.ts';

/** The tab's JavaScript budget, gzipped (issue 12): the build fails beyond it. */
export const TAB_JS_BUDGET_GZIP_BYTES = 250 * 1024;

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

function newestMtime(dir: string): number {
  let newest = 0;
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    // No sources here (a production install ships the built bundle only).
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function mtimeOr0(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    // No bundle yet: it is built.
    return 0;
  }
}

/** Where the build lists main.js's static imports (`TabBundle.preload`). */
const PRELOAD_FILE = 'preload.json';

/** The chunks main.js imports statically, as the build listed them; none from a bundle built before it did. */
function readPreload(outdir: string): string[] {
  try {
    return z.array(z.string()).parse(JSON.parse(readFileSync(join(outdir, PRELOAD_FILE), 'utf8')));
  } catch {
    // A bundle built before the list was kept: its page loads the chunks after main.js, as before.
    return [];
  }
}

/** Files outside web/tab/ the bundle takes code (not only types) from: a change to one rebuilds it too. */
const SHARED_SOURCES = [join('src', 'core', 'domain', 'money.ts')];

/** The JavaScript files and stylesheets of a built bundle directory. */
function assetNames(dir: string): string[] {
  return readdirSync(dir).filter((n) => /\.(js|css)$/.test(n));
}

function gzipTotal(dir: string, ext: string): number {
  return assetNames(dir)
    .filter((n) => n.endsWith(ext))
    .reduce((sum, n) => sum + gzipSync(readFileSync(join(dir, n))).length, 0);
}

/**
 * Bundles web/tab/main.ts (and its CSS) with esbuild into `.build/tab/`, TeamsJS split into its own chunk that only
 * a page inside Teams loads; throws if the JavaScript is over budget.
 */
export async function buildTabBundle(rootDir: string): Promise<{ jsGzipBytes: number; cssGzipBytes: number }> {
  const outdir = join(rootDir, '.build', 'tab');
  // Built beside the target and swapped in by rename, so a server starting at the same time never reads half a bundle.
  const tmp = join(rootDir, '.build', `tab.tmp-${process.pid}-${randomUUID().slice(0, 8)}`);
  // esbuild is a build tool (a devDependency): loaded only when the bundle has to be (re)built.
  const { build } = await import('esbuild');
  const built = await build({
    metafile: true,
    absWorkingDir: rootDir,
    entryPoints: [join(rootDir, 'web', 'tab', 'main.ts')],
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: ['chrome110', 'edge110', 'firefox110', 'safari16'],
    legalComments: 'eof',
    logLevel: 'silent',
  });
  // The metafile names outputs relative to the working directory, with forward slashes on every platform.
  const main = built.metafile.outputs[relative(rootDir, join(tmp, 'main.js')).split(sep).join('/')];
  const preload = (main?.imports ?? []).filter((i) => i.kind === 'import-statement').map((i) => basename(i.path));
  writeFileSync(join(tmp, PRELOAD_FILE), JSON.stringify(preload));
  const js = gzipTotal(tmp, '.js');
  const css = gzipTotal(tmp, '.css');
  if (js > TAB_JS_BUDGET_GZIP_BYTES) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`The tab's JavaScript is ${js} bytes gzipped, over the ${TAB_JS_BUDGET_GZIP_BYTES}-byte budget`);
  }
  const old = `${outdir}.old-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    renameSync(outdir, old);
  } catch {
    // No earlier bundle to move aside.
  }
  renameSync(tmp, outdir);
  rmSync(old, { recursive: true, force: true });
  return { jsGzipBytes: js, cssGzipBytes: css };
}

/**
 * The tab's bundle, built first when missing or older than any file under web/tab/, the shared sources or package-lock.json (so
 * `npm start` needs no extra command; `onBuild` is told first, so a first start can say why it takes longer), then
 * held in memory.
 */
export async function loadTabBundle(rootDir: string, onBuild?: () => void): Promise<TabBundle> {
  try {
    return await readTabBundle(rootDir, onBuild);
  } catch (error) {
    // Another process swapped a fresh bundle in while this one read it: read again (it is complete by now).
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return readTabBundle(rootDir);
  }
}

async function readTabBundle(rootDir: string, onBuild?: () => void): Promise<TabBundle> {
  const outdir = join(rootDir, '.build', 'tab');
  const built = Math.min(...['main.js', 'main.css', PRELOAD_FILE].map((f) => mtimeOr0(join(outdir, f))));
  const sources = Math.max(
    newestMtime(join(rootDir, 'web', 'tab')),
    mtimeOr0(join(rootDir, 'package-lock.json')),
    ...SHARED_SOURCES.map((f) => mtimeOr0(join(rootDir, f))),
  );
  if (built === 0 || built < sources) {
    try {
      onBuild?.();
      await buildTabBundle(rootDir);
    } catch (error) {
      // A production install (npm ci --omit=dev) has no esbuild: it serves the bundle `npm run build` made.
      if (built === 0 || (error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    }
  }
  const assets = new Map<string, TabAsset>();
  const hash = createHash('sha256');
  for (const name of assetNames(outdir).sort()) {
    const body = readFileSync(join(outdir, name));
    hash.update(name).update(body);
    assets.set(name, { body, gzip: gzipSync(body, { level: 9 }), type: TYPES[name.slice(name.lastIndexOf('.'))]! });
  }
  const jsGzipBytes = [...assets].filter(([n]) => n.endsWith('.js')).reduce((s, [, a]) => s + a.gzip.length, 0);
  const preload = readPreload(outdir).filter((n) => assets.has(n));
  return { assets, version: hash.digest('hex').slice(0, 12), jsGzipBytes, preload };
}
