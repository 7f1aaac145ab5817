import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFlows } from './cards/playground-flows.ts';
import { withPlaygroundPage } from './cards/with-playground-page.ts';

/**
 * `npm run cards:screens`: runs the card flows in the Agents Playground's own web page (`npm run playground`,
 * headless Debian Chromium) and saves each card as the Playground draws it into docs/cards/playground-<step>.png:
 * the help card, the monthly prompt, the return form, the saved return, log meeting, status, the channel link and
 * the scorecard. `npm run cards:render` draws the same templates with the adaptivecards library instead.
 */
const outDir = join(fileURLToPath(new URL('..', import.meta.url)), 'docs', 'cards');
mkdirSync(outDir, { recursive: true });
await withPlaygroundPage((pg, page) =>
  runFlows(pg, page, {
    shot: async (name, card) => {
      const path = join(outDir, `playground-${name}.png`);
      await card.screenshot({ path });
      process.stderr.write(`  docs/cards/playground-${name}.png\n`);
    },
  }),
);
