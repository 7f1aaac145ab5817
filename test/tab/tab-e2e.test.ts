import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDemoDatabase, startTabApp } from '../support/start-tab-app.ts';
import { axeViolations, collectPageErrors, launchChromium } from '../support/tab-browser.ts';

// The local preview (local mode, loopback, no sign-in) in headless Chromium, from the demo org's data.
let demo: Awaited<ReturnType<typeof openDemoDatabase>>;
let tab: Awaited<ReturnType<typeof startTabApp>>;
let browser: Browser;
let northwind: string;

beforeAll(async () => {
  demo = await openDemoDatabase();
  northwind = await demo.accountId('Northwind Logistics');
  tab = await startTabApp(demo, {});
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await tab?.stop();
  await demo?.close();
});

async function open(path: string, options: { width?: number } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1024, height: 900 } });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${tab.url}${path}`);
  return { page, errors };
}

describe('Tab local preview in Chromium', { timeout: 240_000 }, () => {
  for (const theme of ['default', 'dark', 'contrast'] as const) {
    it(`When Dana opens the tab in the ${theme} theme, then her portfolio and Northwind's charts render with no console error`, async () => {
      const { page, errors } = await open(`/tab?as=dana&theme=${theme}`);
      await page.waitForSelector('table.portfolio tbody tr', { timeout: 30_000 });
      expect(await page.getAttribute('html', 'data-theme')).toBe(theme);
      expect(await page.textContent('#preview-as')).toContain('Local preview as Dana Whitfield');
      expect(await page.locator('table.portfolio tbody tr').count()).toBe(3);
      await page.click(`a[href="/tab/account/${northwind}"]`);
      await page.waitForSelector('.chart canvas', { timeout: 30_000 });
      expect(await page.textContent('h1')).toBe('Northwind Logistics');
      expect(await page.locator('.chart canvas').count()).toBe(2);
      expect(await page.textContent('main')).toContain('Months without a return are gaps, not zero');
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it('When the theme changes while a view is open, then the page and its charts follow it', async () => {
    const { page, errors } = await open(`/tab/account/${northwind}?as=dana&theme=default`);
    await page.waitForSelector('.chart canvas', { timeout: 30_000 });
    const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.selectOption('#preview-theme', 'dark');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.waitForSelector('.chart canvas', { timeout: 30_000 });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(before);
    expect(await page.locator('.chart canvas').count()).toBe(2);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('When a client user of the demo opens the tab, then only the joint view shows, with nothing internal', async () => {
    const { page, errors } = await open('/tab?as=avery');
    await page.waitForSelector('.chart canvas', { timeout: 30_000 });
    expect(await page.textContent('h1')).toBe('Northwind Logistics: joint scorecard');
    const text = (await page.textContent('main')) ?? '';
    for (const internal of ['My accounts', 'Revenue', 'at stake', 'Perception gap', 'Irritants', 'Salesforce'])
      expect(text).not.toContain(internal);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('When the portfolio is used with the keyboard only, then headers sort and a row opens its account', async () => {
    const { page } = await open('/tab?as=dana');
    await page.waitForSelector('table.portfolio tbody tr', { timeout: 30_000 });
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.getAttribute('data-sort') === 'accountName')) break;
    }
    await page.keyboard.press('Enter');
    expect(await page.getAttribute('th:has(button[data-sort="accountName"])', 'aria-sort')).toBe('ascending');
    await page.keyboard.press('Enter');
    expect(await page.getAttribute('th:has(button[data-sort="accountName"])', 'aria-sort')).toBe('descending');
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => !!document.activeElement?.closest('tbody a'))) break;
    }
    await Promise.all([page.waitForURL(/\/tab\/account\//), page.keyboard.press('Enter')]);
    await page.waitForSelector('.chart canvas', { timeout: 30_000 });
    await page.context().close();
  });

  it('When the tab is 320 px wide, then nothing overflows the page sideways (wide tables scroll in their box)', async () => {
    for (const path of ['/tab?as=sam', `/tab/account/${northwind}?as=dana`, '/tab?as=avery']) {
      const { page, errors } = await open(path, { width: 320 });
      await page.waitForSelector('table.portfolio, .chart canvas', { timeout: 30_000 });
      expect({ path, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({
        path,
        width: 320,
      });
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('When axe-core checks the portfolio, the account view and the joint view, then it finds no WCAG 2.1 A/AA violation', async () => {
    for (const [path, ready] of [
      ['/tab?as=dana', 'table.portfolio tbody tr'],
      [`/tab/account/${northwind}?as=dana`, '.chart canvas'],
      ['/tab?as=avery', '.chart canvas'],
      [`/tab/account/${northwind}?as=dana&theme=dark`, '.chart canvas'],
      [`/tab/account/${northwind}?as=dana&theme=contrast`, '.chart canvas'],
    ] as const) {
      const { page } = await open(path);
      await page.waitForSelector(ready, { timeout: 30_000 });
      expect({ path, violations: await axeViolations(page) }).toEqual({ path, violations: [] });
      await page.context().close();
    }
  });

  it("When Dana opens an account she is not on the team of, then the page shows the server's refusal", async () => {
    const [other] = await demo.db.query<{ id: string }>(
      `SELECT a.id FROM sf_accounts a JOIN sf_users u ON u.id = a.owner_id WHERE a.is_key AND u.email <> 'dana.whitfield@pulse-demo.example' LIMIT 1`,
    );
    const { page } = await open(`/tab/account/${other!.id}?as=dana`);
    await page.waitForSelector('[role="alert"]', { timeout: 30_000 });
    expect(await page.textContent('[role="alert"]')).toContain("You are not on this account's team");
    await page.context().close();
  });
});
