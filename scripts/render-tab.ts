import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { launchChromium } from '../test/support/tab-browser.ts';
import { startTabPreview } from './tab/start-tab-preview.ts';

/**
 * `npm run tab:screenshots`: the local preview's portfolio, an account view and the joint view, light and dark, in
 * headless Chromium (Debian's chromium), 900 px wide and an account view on a 360-px phone, into docs/tab/*.png.
 */
const out = join(fileURLToPath(new URL('..', import.meta.url)), 'docs', 'tab');
mkdirSync(out, { recursive: true });
const preview = await startTabPreview();
const browser = await launchChromium();
try {
  const res = await fetch(`${preview.url}/api/tab/portfolio`, { headers: { 'X-Pulse-Preview-User': 'dana' } });
  const { rows } = (await res.json()) as { rows: { accountId: string; accountName: string }[] };
  const account = rows.find((r) => r.accountName === 'Wide World Importers') ?? rows[0]!;
  const northwind = rows.find((r) => r.accountName === 'Northwind Logistics') ?? rows[0]!;
  const shots = [
    ['portfolio', '/tab?as=sam', 'table.portfolio tbody tr', 900],
    ['account', `/tab/account/${account.accountId}?as=dana`, '.chart canvas', 900],
    ['joint', '/tab/shared?as=avery', '.chart canvas', 900],
    // A phone: the ratings chart's element names share 360 px (Northwind has a closed rating round).
    ['account-phone', `/tab/account/${northwind.accountId}?as=dana`, '.chart canvas', 360],
  ] as const;
  for (const theme of ['light', 'dark'] as const)
    for (const [name, path, ready, width] of shots) {
      const context = await browser.newContext({ viewport: { width, height: 700 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(`${preview.url}${path}&theme=${theme === 'light' ? 'default' : 'dark'}`);
      await page.waitForSelector(ready, { timeout: 60_000 });
      await page.screenshot({ path: join(out, `${name}-${theme}.png`), fullPage: true });
      console.log(`docs/tab/${name}-${theme}.png`);
      await context.close();
    }
} finally {
  await browser.close();
  await preview.stop();
}
