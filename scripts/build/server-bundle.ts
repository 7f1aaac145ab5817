import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * Packages the server's start does not bundle: PGlite finds its WebAssembly and data files beside its own modules,
 * pino starts its transports from its own files, esbuild is a build tool (the production server serves the tab bundle
 * `npm run build` made), and the rest are optional native add-ons a dependency tries to load. An external is
 * resolved from dist/src/, so a bundled package gets the project's copy, not one nested under it: restify's own pino
 * (8) becomes the project's (10), which it only reads `stdSerializers.err` from, as the server gives restify its log.
 */
const EXTERNAL = [
  '@electric-sql/pglite',
  'pino',
  'thread-stream',
  'pino-pretty',
  'esbuild',
  'pg-native',
  'dtrace-provider',
];

/**
 * In the bundle every module shares one `import.meta.url`, the bundle's. The server's own modules find files
 * relative to theirs (migrations, card templates, the database template), so each of theirs is rewritten to the URL
 * its compiled module has in dist/src/: the same files as the unbundled build.
 */
function ownModuleUrls(srcDir: string): Plugin {
  return {
    name: 'own-module-urls',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        if (!path.startsWith(srcDir)) return undefined;
        const text = await readFile(path, 'utf8');
        // Only the URL is rewritten: these would silently name the bundle's folder.
        const other = /import\.meta\.(dirname|filename|resolve)/.exec(text);
        if (other) return { errors: [{ text: `${other[0]} in ${relative(srcDir, path)}: use import.meta.url` }] };
        if (!text.includes('import.meta.url')) return undefined;
        const own = `./${relative(srcDir, path).replace(/\.ts$/, '.js')}`;
        return {
          contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, import.meta.url).href`),
          loader: 'ts',
        };
      });
    },
  };
}

/**
 * Bundles src/main.ts and what it imports into one module, dist/src/main.js (with its source map). Node then reads
 * and compiles one file instead of resolving some 1,700 (botbuilder, jsforce, restify, zod): about a third of the
 * compiled start's CPU time went to loading modules (issue 28). The operator commands stay unbundled beside it.
 */
export async function bundleServer(root: string): Promise<void> {
  const srcDir = join(root, 'src');
  await build({
    absWorkingDir: root,
    entryPoints: [join(srcDir, 'main.ts')],
    outfile: join(root, 'dist', 'src', 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    external: EXTERNAL,
    sourcemap: 'linked',
    logLevel: 'warning',
    // The bundled CommonJS packages call require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as pulseCreateRequire } from 'node:module';\nconst require = pulseCreateRequire(import.meta.url);",
    },
    plugins: [ownModuleUrls(srcDir)],
  });
}
