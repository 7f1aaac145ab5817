import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every file the production build compiles (tsconfig.build.json's include). */
const buildInclude = JSON.parse(readFileSync('tsconfig.build.json', 'utf8')).include as string[];

function walk(path: string): string[] {
  if (!statSync(path, { throwIfNoEntry: false })) return [];
  if (!statSync(path).isDirectory()) return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  return readdirSync(path).flatMap((name) => walk(join(path, name)));
}

/** Bare specifiers a module loads at run time: type-only imports and relative paths left out. */
function runtimeImports(source: string): string[] {
  const found: string[] = [];
  const statement =
    /^\s*(?:import\s+(?!type\s)(?:([^'";]*?)\s+from\s+)?|export\s+(?!type\s)([^'";]*?)\s+from\s+)['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(statement)) {
    const clause = m[1] ?? m[2] ?? '';
    if (/^\{[^}]*\}$/.test(clause.trim()) && clause.split(',').every((p) => /^\s*\{?\s*type\s|^\s*\}?\s*$/.test(p)))
      continue;
    found.push(m[3]!);
  }
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found.filter((s) => !s.startsWith('.') && !s.startsWith('/'));
}

/**
 * Build tools a module loads only when it has to build (never on a production install, which ships the result):
 * the file that may load it, and why. The production-start test proves the server runs without them.
 */
const BUILD_ONLY: Record<string, string> = {
  // The tab's bundle is rebuilt when its sources are newer; a production install serves the one `npm run build` made.
  'esbuild (src/app/tab-bundle.ts)': 'dynamic import when the bundle is stale',
};

const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

describe('production dependencies', () => {
  it('When the production build runs on npm ci --omit=dev, then every package its code imports is a dependency', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    const files = buildInclude.flatMap((entry) => walk(entry));
    expect(files.length).toBeGreaterThan(50);
    const missing = new Set<string>();
    for (const file of files)
      for (const specifier of runtimeImports(readFileSync(file, 'utf8'))) {
        const name = packageOf(specifier);
        if (specifier.startsWith('node:') || builtinModules.includes(name)) continue;
        if (!pkg.dependencies[name] && !Object.hasOwn(BUILD_ONLY, `${name} (${file})`))
          missing.add(`${name} (${file})`);
      }
    expect([...missing]).toEqual([]);
  });

  it('When a module imports a dev-only package for real, then the scan sees it (and skips type-only imports)', () => {
    expect(runtimeImports("import { SignJWT } from 'jose';\nimport type { X } from 'vitest';")).toEqual(['jose']);
    expect(runtimeImports("import { type A, type B } from 'tsx';\nimport { type C, d } from 'esbuild';")).toEqual([
      'esbuild',
    ]);
    expect(runtimeImports("const m = await import('typescript');\nexport { x } from '@scope/pkg/sub';")).toEqual([
      '@scope/pkg/sub',
      'typescript',
    ]);
    expect(packageOf('@scope/pkg/sub')).toBe('@scope/pkg');
  });

  it('When the project moves to production, then TypeScript tooling is not a run-time dependency', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    for (const tool of ['tsx', 'typescript', 'vitest', 'esbuild']) expect(pkg.dependencies[tool]).toBeUndefined();
  });
});
