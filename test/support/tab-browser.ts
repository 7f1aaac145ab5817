import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { browserEnv } from '../../scripts/cards/playground-page.ts';

/** Debian's Chromium, headless, as CI installs it (.ci/run). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 60_000,
    env: browserEnv(),
  });
}

/** Everything the page logged as an error or threw: the e2e tests require none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`requestfailed: ${r.url()}`));
  return errors;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG 2.0 and 2.1, A and AA rules) in the page; resolves to the violations, each with its rule and
 * targets. Throws if axe checked nothing (a run that passes no rule proves nothing).
 */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string; targets: string[] }[]> {
  // Evaluated through DevTools, so the page's CSP (script-src 'self') does not block the injected source.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    if ((result as unknown as { passes: unknown[] }).passes.length < 10)
      throw new Error('axe-core checked almost nothing');
    return result.violations.map((v) => ({
      id: v.id as string,
      impact: v.impact as string,
      targets: v.nodes.map((n: { target: string[] }) => n.target.join(' ')),
    }));
  });
}
