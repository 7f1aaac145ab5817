import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { samples } from './cards/card-samples.ts';
import { teamsHostConfig } from './cards/teams-host-config.ts';

/**
 * `npm run cards:render`: renders every card template with its sample data in headless Chromium (Debian's
 * `chromium` package; CHROMIUM_PATH to use another) with a Teams-like host config, light and dark, into
 * docs/cards/<name>-<theme>.png. Teams-only elements (Chart.*) show their fallback here, as on clients without charts.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'docs', 'cards');
mkdirSync(outDir, { recursive: true });
const bundle = readFileSync(createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.min.js'), 'utf8');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browser = await chromium
  .launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  .catch((error: Error) => {
    process.stderr.write(
      `Could not start Chromium at ${executablePath} (${error.message.split('\n')[0]}). Install it with: apt-get install chromium\n`,
    );
    process.exit(1);
  });
try {
  const page = await browser.newPage({ viewport: { width: 520, height: 400 }, deviceScaleFactor: 2 });
  for (const [name, sample] of Object.entries(samples)) {
    for (const theme of ['light', 'dark'] as const) {
      const hostConfig = teamsHostConfig(theme);
      await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>
        body { margin: 0; padding: 16px; background: ${theme === 'dark' ? '#1F1F1F' : '#F5F5F5'}; font-family: ${hostConfig.fontFamily}; }
        #card { width: 460px; border-radius: 6px; overflow: hidden; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
        .ac-pushButton { padding: 6px 12px; border-radius: 4px; border: 1px solid #5B5FC7;
          background: ${theme === 'dark' ? '#292929' : '#FFF'}; color: #5B5FC7; font-weight: 600; }
        .ac-input { padding: 4px 6px; border: 1px solid #8A8886; border-radius: 3px; }
      </style></head><body><div id="card"></div></body></html>`);
      await page.addScriptTag({ content: bundle });
      const problem = await page.evaluate(
        ({ card, hostConfig }) => {
          const AC = (window as unknown as { AdaptiveCards: any }).AdaptiveCards;
          const ac = new AC.AdaptiveCard();
          ac.hostConfig = new AC.HostConfig(hostConfig);
          ac.parse(card);
          const el = ac.render();
          if (!el) return 'nothing rendered';
          document.getElementById('card')!.appendChild(el);
          return '';
        },
        { card: sample(), hostConfig },
      );
      if (problem) throw new Error(`${name}: ${problem}`);
      await page.locator('#card').screenshot({ path: join(outDir, `${name}-${theme}.png`) });
      process.stderr.write(`  docs/cards/${name}-${theme}.png\n`);
    }
  }
} finally {
  await browser.close();
}
