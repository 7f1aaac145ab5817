import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** The longest line a reviewer reads without scrolling sideways (issue 21); the formatter wraps code at 120. */
const MAX = 160;
const SOURCE = /\.(ts|cjs|mjs|sql)$/;

/** The project's own sources: src, scripts, tests, the tab's browser code, and the configuration at the root. */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : SOURCE.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('no source line over 160 characters', () => {
  it('When every TypeScript, script and SQL file of the project is read, then no line is longer', () => {
    const files = [
      ...['src', 'scripts', 'test', 'web'].flatMap(sources),
      ...readdirSync(root).filter((name) => SOURCE.test(name) || name === '.dependency-cruiser.cjs'),
    ];
    const long = files.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (line.length > MAX ? [`${file}:${i + 1} (${line.length})`] : [])),
    );
    expect(files.length).toBeGreaterThan(400);
    expect(long).toEqual([]);
  });
});
