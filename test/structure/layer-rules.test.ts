/**
 * The layer rules of .dependency-cruiser.cjs, shown to fire: a small tree with one deliberately wrong import of each
 * kind is cruised with the project's own rules, and the project's real tree is cruised to hold none.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs')) as {
  forbidden: NonNullable<ICruiseOptions['ruleSet']>['forbidden'];
};

/** The rules each broken import of `tree` breaks, by rule name. */
async function violations(baseDir: string, tsConfig?: string): Promise<{ rule: string; from: string; to: string }[]> {
  const result = await cruise(['src'], {
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    ...(tsConfig ? { tsConfig: { fileName: tsConfig } } : {}),
  });
  const output = result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A throw-away source tree: each file holds the imports named. */
function tree(files: Record<string, string[]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-layers-'));
  made.push(dir);
  for (const [path, imports] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    const lines = imports.map((to, i) => `import * as m${i} from '${to}';\nexport const u${i} = m${i};`);
    writeFileSync(join(dir, path), `${lines.join('\n')}\nexport const here = '${path}';\n`);
  }
  return dir;
}

describe('the layer rules (.dependency-cruiser.cjs, docs/ARCHITECTURE.md)', () => {
  it('When the project itself is cruised, then no rule is broken', async () => {
    expect(await violations(root, join(root, 'tsconfig.json'))).toEqual([]);
  }, 120_000);

  it('When a lower layer imports a higher one, then the layer rule names the import', async () => {
    const dir = tree({
      'src/core/domain/money.ts': ['../../edge/http/page.ts'],
      'src/adapters/store/rows.ts': ['../../features/cycle/checkin.ts'],
      'src/edge/http/page.ts': [],
      'src/features/cycle/checkin.ts': ['../../adapters/store/sql.ts'],
      'src/adapters/store/sql.ts': [],
    });
    const found = await violations(dir);
    expect(found).toContainEqual({
      rule: 'layer-core-imports-only-below',
      from: 'src/core/domain/money.ts',
      to: 'src/edge/http/page.ts',
    });
    expect(found).toContainEqual({
      rule: 'layer-adapters-imports-only-below',
      from: 'src/adapters/store/rows.ts',
      to: 'src/features/cycle/checkin.ts',
    });
    // The import in the right direction breaks nothing.
    expect(found.filter((v) => v.from === 'src/features/cycle/checkin.ts' && v.rule.startsWith('layer-'))).toEqual([]);
  });

  it('When two folders of one layer import each other (no file cycle), then the folder-cycle rule fires', async () => {
    const dir = tree({
      'src/features/cards/rating-card.ts': ['../ratings/rate.ts'],
      'src/features/ratings/rate.ts': ['../cards/other-card.ts'],
      'src/features/cards/other-card.ts': [],
    });
    const found = await violations(dir);
    expect(found.map((v) => v.rule)).toContain('no-folder-cycles');
    expect(found.map((v) => v.rule)).not.toContain('no-circular');
  });

  it('When a file sits outside the layer folders or a layer starts a stand-in, then it is refused', async () => {
    const dir = tree({
      'src/helpers/misc.ts': ['../core/x.ts'],
      'src/core/x.ts': [],
      'src/features/sync/run.ts': ['../../stand-ins/salesforce/org.ts'],
      'src/stand-ins/salesforce/org.ts': [],
    });
    const found = await violations(dir);
    expect(found).toContainEqual({
      rule: 'src-only-in-layer-folders',
      from: 'src/helpers/misc.ts',
      to: 'src/core/x.ts',
    });
    expect(found).toContainEqual({
      rule: 'layer-features-imports-only-below',
      from: 'src/features/sync/run.ts',
      to: 'src/stand-ins/salesforce/org.ts',
    });
  });
  it('When a handler names botbuilder instead of our Turn, then the bot-edge rule refuses it; the botbuilder adapter may', async () => {
    const dir = tree({
      'src/edge/bot/handlers/show-help.ts': ['botbuilder', '../turn.ts'],
      'src/edge/bot/turn.ts': [],
      'src/edge/bot/botbuilder/turn-of-context.ts': ['botbuilder', '../turn.ts'],
    });
    const found = (await violations(dir)).filter((v) => v.rule === 'botbuilder-only-at-the-bot-edge');
    expect(found.map((v) => v.from)).toEqual(['src/edge/bot/handlers/show-help.ts']);
  });
});
