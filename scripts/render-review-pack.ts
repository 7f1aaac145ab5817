import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { systemClock } from '../src/core/domain/clock.ts';
import { addMonths, lastEndedPeriod } from '../src/core/domain/period.ts';
import { buildReviewPack } from '../src/features/reports/build-review-pack.ts';
import { launchChromium } from '../test/support/tab-browser.ts';
import { startTabPreview } from './tab/start-tab-preview.ts';

/**
 * `npm run pack:screenshots`: Northwind's internal and joint review packs for the last six ended months, and its
 * account view on the tab, from the local preview's demo data, in headless Chromium (Debian's chromium), into
 * docs/reports/*.png: the same months, hours and people met on each, side by side.
 */
const out = join(fileURLToPath(new URL('..', import.meta.url)), 'docs', 'reports');
mkdirSync(out, { recursive: true });
const preview = await startTabPreview();
const browser = await launchChromium();
try {
  const [row] = await preview.db.query<{ id: string }>(`SELECT id FROM sf_accounts WHERE name = 'Northwind Logistics'`);
  const to = lastEndedPeriod(systemClock());
  const deps = {
    db: preview.db,
    scoringSettings: preview.config.scoringSettings,
    now: systemClock,
    orgTimeZone: preview.config.orgTimeZone,
  };
  const context = await browser.newContext({ viewport: { width: 900, height: 700 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  for (const audience of ['internal', 'joint'] as const) {
    const { html } = await buildReviewPack(deps, row!.id, addMonths(to, -5), to, audience);
    await page.setContent(html);
    await page.screenshot({ path: join(out, `review-pack-${audience}.png`), fullPage: true });
    console.log(`docs/reports/review-pack-${audience}.png`);
  }
  await page.goto(`${preview.url}/tab/account/${row!.id}?as=dana&theme=default`);
  await page.waitForSelector('.chart canvas', { timeout: 60_000 });
  await page.screenshot({ path: join(out, 'tab-account-northwind.png'), fullPage: true });
  console.log('docs/reports/tab-account-northwind.png');
  await context.close();
} finally {
  await browser.close();
  await preview.stop();
}
