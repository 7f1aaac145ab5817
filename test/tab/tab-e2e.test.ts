import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDemoDatabase, startTabApp } from '../support/start-tab-app.ts';
import { axeViolations, collectPageErrors, launchChromium } from '../support/tab-browser.ts';

// The local preview (local mode, loopback, no sign-in) in headless Chromium, from the demo org's data (with the
// demo's finished rating round and the preview's open one for Northwind, as `npm start` seeds them).
let demo: Awaited<ReturnType<typeof openDemoDatabase>>;
let tab: Awaited<ReturnType<typeof startTabApp>>;
let browser: Browser;
let northwind: string;

beforeAll(async () => {
  demo = await openDemoDatabase({ preview: true });
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
      // The asset value as the card and the pack show it: the org's code, thousands separators, no decimals.
      for (const cell of await page.locator('table.portfolio tbody tr td:nth-child(5)').allTextContents())
        expect(cell).toMatch(/^GBP \d{1,3}(,\d{3})*$/);
      await page.click(`a[href="/tab/account/${northwind}"]`);
      await page.waitForSelector('.chart canvas', { timeout: 30_000 });
      expect(await page.textContent('h1')).toBe('Northwind Logistics');
      // Hours, breadth, and the ratings per element of the demo's finished round.
      expect(await page.locator('.chart canvas').count()).toBe(3);
      expect(await page.textContent('main')).toContain('Months without a return are gaps, not zero');
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it("When Dana opens Northwind, then its action plan shows the scorecard's measures and every action, internal ones marked", async () => {
    const { page, errors } = await open(`/tab/account/${northwind}?as=dana`);
    await page.waitForSelector('section[aria-label="Action plan"] li', { timeout: 30_000 });
    const plan = (await page.textContent('section[aria-label="Action plan"]')) ?? '';
    expect(plan).toContain('2 open (1 overdue); priorities with an action 1 of');
    expect(plan).toContain('closed on time 1 of 1');
    expect(plan).toContain('Share the quarterly volume forecast (Responsiveness): Avery Brooks (client)');
    expect(plan).toMatch(/Brief the new support lead on Northwind: Dana Whitfield \(ours\), due \S+, open, internal/);
    expect(await page.locator('section[aria-label="Action plan"] li.overdue').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('When the client user opens the rating form, then it opens with what was done since the last round, joint actions only', async () => {
    const { page, errors } = await open('/tab?as=avery');
    await page.waitForSelector('#rating-form', { timeout: 30_000 });
    const done = (await page.textContent('section.done')) ?? '';
    expect(done).toContain('You said, we did: since the last round');
    expect(done).toContain('Answer every new ticket within four working hours (done by us)');
    expect(await page.textContent('main')).not.toContain('Brief the new support lead');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('When the theme changes while a view is open, then the page and its charts follow it', async () => {
    const { page, errors } = await open(`/tab/account/${northwind}?as=dana&theme=default`);
    await page.waitForSelector('.chart canvas', { timeout: 30_000 });
    const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.selectOption('#preview-theme', 'dark');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.waitForSelector('.chart canvas', { timeout: 30_000 });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(before);
    expect(await page.locator('.chart canvas').count()).toBe(3);
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
      ['/tab?as=avery', '#rating-form'],
      ['/tab?as=avery&theme=dark', '#rating-form'],
      ['/tab?as=avery&theme=contrast', '#rating-form'],
      [`/tab/account/${northwind}?as=dana&theme=dark`, '.chart canvas'],
      [`/tab/account/${northwind}?as=dana&theme=contrast`, '.chart canvas'],
    ] as const) {
      const { page } = await open(path);
      await page.waitForSelector(ready, { timeout: 30_000 });
      expect({ path, violations: await axeViolations(page) }).toEqual({ path, violations: [] });
      await page.context().close();
    }
  });

  it(
    'When the client user fills the rating form with the keyboard and saves, then a confirmation shows; ' +
      'after a reload the form holds their answers',
    async () => {
      const { page, errors } = await open('/tab?as=avery');
      await page.waitForSelector('#rating-form', { timeout: 30_000 });
      expect(await page.textContent('#rating-heading')).toBe('Rate Northwind Logistics');
      expect(await page.textContent('#rating-about')).toContain('You rate as the client');
      expect(await page.locator('#rating-form input:checked').count()).toBe(0);
      const groups = page.locator('#rating-form fieldset.element');
      expect(await groups.count()).toBe(6);
      // Keyboard only: focus the first radio of a group, arrow keys choose within it (native radio groups).
      const choose = async (element: number, scale: 'performance' | 'importance', value: number) => {
        const first = groups.nth(element).locator(`input[name^="${scale}-"]`).first();
        await first.focus();
        await page.keyboard.press('Space');
        for (let i = 1; i < value; i++) await page.keyboard.press('ArrowRight');
      };
      await choose(0, 'performance', 4);
      await choose(0, 'importance', 5);
      await choose(4, 'performance', 2);
      await choose(4, 'importance', 4);
      await page.fill('#rating-comment', 'Support tickets still wait too long');
      // Nothing is chosen for the comment until the rater chooses (the first option says so).
      expect(await page.inputValue('#rating-comment-element')).toBe('');
      await page.selectOption('#rating-comment-element', { index: 5 });
      await page.keyboard.press('Tab');
      await page.locator('#rating-form button[type="submit"]').focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('#rating-status.saved', { timeout: 30_000 });
      expect(await page.textContent('#rating-status')).toContain('Saved');
      await page.reload();
      await page.waitForSelector('#rating-form', { timeout: 30_000 });
      const checked = await page.$$eval('#rating-form input:checked', (xs) =>
        xs.map((x) => `${(x as HTMLInputElement).name.split('-')[0]}=${(x as HTMLInputElement).value}`),
      );
      expect(checked).toEqual(['performance=4', 'importance=5', 'performance=2', 'importance=4']);
      expect(await page.inputValue('#rating-comment')).toBe('Support tickets still wait too long');
      const chosen = await page.$eval('#rating-comment-element', (s) => (s as HTMLSelectElement).selectedIndex);
      expect(chosen).toBe(5);
      expect(await page.textContent('#rating-form button[type="submit"]')).toBe('Save my changes');
      const [stored] = await demo.db.query<{ side: string; n: number }>(
        `SELECT r.side, count(a.*)::int AS n FROM rating_responses r JOIN rating_answers a USING (round_id, rater_key)
        WHERE r.rater_key = 'preview-avery' GROUP BY r.side`,
      );
      expect(stored).toEqual({ side: 'client', n: 2 });
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it('When the client user adds an action in the joint view, then it is in the joint plan, owned by them, once', async () => {
    const { page, errors } = await open('/tab?as=avery');
    await page.waitForSelector('#action-form', { timeout: 30_000 });
    expect(await page.textContent('#plan-heading')).toBe('Our joint action plan');
    // The client sees joint actions only: the demo's internal action is not listed, nor marked overdue.
    const listed = await page.textContent('section.plan');
    expect(listed).toContain('Share the quarterly volume forecast');
    expect(listed).not.toContain('Brief the new support lead');
    expect(listed).not.toContain('internal');
    expect(listed).not.toContain('overdue');
    // Nothing is chosen for the owner until the person chooses; the client may name their own people or ours.
    expect(await page.inputValue('#action-owner')).toBe('');
    const owners = await page.$$eval('#action-owner option', (xs) => xs.map((x) => x.textContent));
    expect(owners).toContain('Avery Brooks (client)');
    expect(owners.some((o) => o?.endsWith('(us)'))).toBe(true);
    // No visibility choice in the shared channel: everything here is joint.
    expect(await page.locator('#action-visibility').count()).toBe(0);
    await page.selectOption('#action-about', { label: 'Responsiveness' });
    await page.fill('#action-title', 'Name a single contact for escalations');
    await page.selectOption('#action-owner', { label: 'Avery Brooks (client)' });
    // The first day the form offers (today on the organisation's calendar, as the server says).
    await page.fill('#action-due', (await page.getAttribute('#action-due', 'min'))!);
    await page.click('#action-form button[type="submit"]');
    await page.waitForSelector('#action-status.saved', { timeout: 30_000 });
    expect(await page.textContent('#action-status')).toContain('Added "Name a single contact for escalations"');
    expect(await page.textContent('section.plan ol')).toContain(
      'Name a single contact for escalations (Responsiveness): Avery Brooks (client)',
    );
    const rows = await demo.db.query<{ owner_side: string; visibility: string; status: string }>(
      `SELECT owner_side, visibility, status FROM plan_actions WHERE title = 'Name a single contact for escalations'`,
    );
    expect(rows).toEqual([{ owner_side: 'client', visibility: 'joint', status: 'open' }]);
    // Without a title the browser's own check stops it (a required field); with a title the server refuses, its
    // sentence shows, and nothing is added.
    await page.selectOption('#action-owner', { label: 'Avery Brooks (client)' });
    await page.fill('#action-due', (await page.getAttribute('#action-due', 'min'))!);
    await page.click('#action-form button[type="submit"]');
    expect(await page.$eval('#action-title', (x) => (x as HTMLInputElement).validity.valueMissing)).toBe(true);
    await page.fill('#action-title', 'x');
    await page.click('#action-form button[type="submit"]');
    await page.waitForSelector('#action-status.problem', { timeout: 30_000 });
    expect(await page.textContent('#action-status')).toContain('Nothing was changed');
    expect((await demo.db.query(`SELECT 1 FROM plan_actions WHERE title = 'x'`)).length).toBe(0);
    // Chromium logs the refused request itself (400), and nothing else.
    expect(errors).toEqual(['error: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await page.context().close();
  });

  it('When the form is saved with an element half rated, then the page says what is missing and nothing is sent', async () => {
    const { page, errors } = await open('/tab?as=avery');
    await page.waitForSelector('#rating-form', { timeout: 30_000 });
    await page.locator('#rating-form fieldset.element').nth(1).locator('input[name^="performance-"]').nth(2).check();
    await page.click('#rating-form button[type="submit"]');
    await page.waitForSelector('#rating-status.problem');
    expect(await page.textContent('#rating-status')).toContain('both a performance and an importance');
    expect(errors).toEqual([]);
    await page.context().close();
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
