import type { Page } from 'playwright-core';
import { launchChromium } from '../test/support/tab-browser.ts';
import { TAB_JS_BUDGET_GZIP_BYTES } from '../src/app/tab-bundle.ts';
import { startTabPreview } from './tab/start-tab-preview.ts';
import { clearBench, recordBench, row } from './bench/bench-results.ts';

/**
 * `npm run bench:tab [-- 5]`: the tab's two budgets on the local preview, in headless Chromium (Debian's chromium):
 * the gzipped JavaScript the page loads (budget 250 KB), and the time from navigation to the first chart of an
 * account view (budget 1 s), cold cache, median of N runs. The baseline, measured in the same run, is a navigation
 * to the same server's bare /healthz: the first chart is also reported as a multiple of it.
 */
const runs = Number(process.argv[2] ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

clearBench('tab');
process.stderr.write('Starting the local preview with the demo org...\n');
const preview = await startTabPreview();
const browser = await launchChromium();
try {
  const home = await fetch(`${preview.url}/api/tab/portfolio`, { headers: { 'X-Pulse-Preview-User': 'dana' } });
  const { rows } = (await home.json()) as { rows: { accountId: string; accountName: string }[] };
  const account = rows.find((r) => r.accountName === 'Northwind Logistics') ?? rows[0]!;

  const firstChart: number[] = [];
  const baseline: number[] = [];
  const api: number[] = [];
  let jsBytes = 0;
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const page: Page = await context.newPage();
    const js: number[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.js') || /\.js\?/.test(r.url())) js.push(Number(r.headers()['content-length'] ?? 0));
    });
    await page.goto(`${preview.url}/healthz`);
    baseline.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0]!.duration));
    await page.goto(`${preview.url}/tab/account/${account.accountId}?as=dana`);
    await page.waitForFunction(() => performance.getEntriesByName('pulse-first-chart').length > 0, null, {
      timeout: 60_000,
    });
    firstChart.push(await page.evaluate(() => performance.getEntriesByName('pulse-first-chart')[0]!.startTime));
    api.push(
      await page.evaluate(
        () =>
          performance.getEntriesByType('resource').find((e) => e.name.includes('/api/tab/accounts/'))?.duration ?? 0,
      ),
    );
    jsBytes = js.reduce((s, n) => s + n, 0);
    await context.close();
  }
  const chart = median(firstChart);
  const base = median(baseline);
  const rowsOut = [
    [
      'JavaScript loaded (gzipped)',
      `${(jsBytes / 1024).toFixed(1)} KB`,
      `${TAB_JS_BUDGET_GZIP_BYTES / 1024} KB`,
      jsBytes <= TAB_JS_BUDGET_GZIP_BYTES,
    ],
    [`first chart, median of ${runs} (cold cache)`, `${Math.round(chart)} ms`, '1000 ms', chart <= 1000],
    ['of which the account API call (median)', `${Math.round(median(api))} ms`, '', true],
    ['baseline: bare page from the same server', `${base.toFixed(1)} ms`, '', true],
    ['first chart / baseline', `${(chart / Math.max(base, 0.1)).toFixed(1)}x`, '', true],
  ] as const;
  console.log('| tab measure | value | budget | within |\n| --- | --- | --- | --- |');
  for (const [what, value, budget, ok] of rowsOut)
    console.log(`| ${what} | ${value} | ${budget} | ${budget ? (ok ? 'yes' : 'NO') : ''} |`);
  console.log(`runs (ms): ${firstChart.map((t) => Math.round(t)).join(', ')}`);
  recordBench('tab', [
    row({
      bench: 'tab',
      measure: 'JavaScript the account view loads (gzipped)',
      value: jsBytes / 1024,
      unit: 'KB',
      baseline: { label: 'budget KB', value: TAB_JS_BUDGET_GZIP_BYTES / 1024 },
      goal: [{ of: 'ratio', op: '<=', bound: 1 }],
    }),
    row({
      bench: 'tab',
      measure: `first chart of an account view, median of ${runs} (cold cache)`,
      value: chart,
      unit: 'ms',
      baseline: { label: 'bare page from the same server ms', value: base },
      goal: [{ of: 'value', op: '<=', bound: 1000 }],
      note: `runs ${firstChart.map((t) => Math.round(t)).join(', ')} ms; account API call ${Math.round(median(api))} ms`,
    }),
  ]);
} finally {
  await browser.close();
  await preview.stop();
}
