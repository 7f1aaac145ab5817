import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickInRow, confirmed } from '../../scripts/cards/playground-flows.ts';
import { chromiumOptions, PlaygroundPage } from '../../scripts/cards/playground-page.ts';
import { startPlayground, type RunningPlayground } from '../../scripts/cards/start-playground.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { collectPageErrors } from '../support/tab-browser.ts';
import { chromium } from 'playwright-core';
import { once } from '../support/once.ts';
import { spawnSyncWatched } from '../support/watched-child.ts';

/**
 * README.md's "Quick start" and "A first walk", done as a newcomer does them, in the README's order: `npm start` on a
 * fresh data folder (the demo org, its history, the manual schedule), `npm run playground` in a second terminal
 * (it uses the running bot), the cycle commands in a third, the Playground's own page and the tab preview in
 * headless Chromium. Each step asserts what the README says you will see. The steps run once, in order, whichever
 * test asks first, so each test also runs alone.
 */
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

let server: ServerProcess;
let pg: RunningPlayground;
let browser: Browser;
let p: PlaygroundPage;

beforeAll(async () => {
  // `npm start`, as the README has it: local mode, embedded database in a data folder of its own, demo org.
  server = await startServerProcess({ PULSE_ENV: 'local' }, { command: 'npm-start', readyMs: 300_000 });
  pg = await startPlayground({ bot: { port: server.port, dataDir: server.dataDir } });
  browser = await chromium.launch(chromiumOptions);
  p = await PlaygroundPage.open(browser, pg.url);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await pg?.stop();
  await server?.stop();
}, 120_000);

/** `npm run cycle -- <args>` in a third terminal, against the running bot. */
function cycle(...args: string[]): string {
  const cli = spawnSyncWatched('npm', ['run', '--silent', 'cycle', '--', ...args], {
    env: { ...process.env, PULSE_ENV: 'local', PORT: String(server.port), DATA_DIR: server.dataDir },
    encoding: 'utf8',
  });
  if (cli.status !== 0) throw new Error(`npm run cycle -- ${args.join(' ')} exited ${cli.status}: ${cli.stderr}`);
  return cli.stdout;
}

const step = {
  /** 1. The monthly check-in: help, `cycle -- open`, Answer on Northwind, who has the ball, Save. */
  checkIn: once(async () => {
    await p.goTo('personal chat');
    await p.say('help');
    await p.card('What I do');
    const opened = cycle('open');
    const prompt = await p.card('Monthly check-in');
    // Answer draws the form in place of the prompt: what the prompt said is read first.
    const promptText = await PlaygroundPage.text(prompt);
    await clickInRow(p, prompt, 'Northwind Logistics', 'Answer');
    const form = await p.card('Meetings Salesforce lacks');
    const formText = await PlaygroundPage.text(form);
    await p.choose(form, 'Us');
    await p.click(form, 'Save');
    const saved = await confirmed(p, 'Saved. Thank you.', form);
    return {
      opened,
      promptText,
      formText,
      savedText: await PlaygroundPage.text(saved),
    };
  }),

  /** 1, continued: `status`, then `log meeting`. */
  statusAndLog: once(async () => {
    await step.checkIn();
    await p.say('status');
    const status = await p.card('Answered:');
    await p.say('log meeting');
    const log = await p.card('Log a meeting');
    await p.pick(log, 'Key account', 'Northwind Logistics');
    await p.pickDate(log, 0, new Date());
    await p.fill(log, 'Minutes', '60');
    await p.fill(log, 'Client attendees', '2');
    await p.click(log, 'Log it');
    const logged = await confirmed(p, 'Logged for Northwind Logistics', log);
    return { statusText: await PlaygroundPage.text(status), loggedText: await PlaygroundPage.text(logged) };
  }),

  /** 2. The scorecard: Add application in the team, link Northwind internal, `cycle -- close`. */
  scorecard: once(async () => {
    await step.statusAndLog();
    await p.goTo('Northwind internal');
    await p.mockActivity('Add application');
    await p.mention('link');
    const picker = await p.card('Link this channel to a key account');
    await p.pick(picker, 'Key account', 'Northwind Logistics');
    await p.click(picker, 'Link');
    await confirmed(p, 'This channel is now linked to Northwind Logistics', picker);
    const closed = cycle('close');
    const card = await p.card('Northwind Logistics:', 120_000);
    return { closed, cardText: await PlaygroundPage.text(card) };
  }),
};

/** Opens a path of the tab preview in a new Chromium page, with its errors collected. */
async function openTab(path: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${server.url}${path}`);
  return { page, errors };
}

describe("The README's quick start and first walk, as a newcomer follows it", { timeout: 600_000 }, () => {
  it('The README names the steps this test takes, in the order it takes them', () => {
    const steps = [
      'npm install',
      'npm start',
      'npm run playground',
      'Say `help`',
      '`npm run cycle -- open`',
      'Open Northwind Logistics',
      'Choose who has the ball and Save',
      '`status`',
      '`log meeting`',
      '*Mock an Activity* → *Add application* →\n   *Send activity*',
      '`@Partnership Pulse link`',
      '`npm run cycle -- close`',
      '/tab',
      'Avery',
      'save it, change it again',
      '`@Partnership Pulse rate`',
      '`@Partnership Pulse start rating round`',
      '*Action plan*',
      '`@Partnership Pulse actions add`',
    ];
    const at = steps.map((s) => readme.indexOf(s));
    expect(Object.fromEntries(steps.map((s, i) => [s, at[i]! >= 0 && (i === 0 || at[i]! > at[i - 1]!)]))).toEqual(
      Object.fromEntries(steps.map((s) => [s, true])),
    );
  });

  it('When npm start comes up on a fresh data folder, then it prints one line saying what to do next, the tab among it', () => {
    const next = server
      .output()
      .split('\n')
      .find((l) => l.includes('Next:'));
    expect(next).toContain('npm run playground');
    expect(next).toContain('/tab');
    expect(next).toContain('npm run cycle -- open');
    expect(pg.output()).toContain('Using the bot already running');
  });

  it("When Dana opens last month's Northwind return, then Salesforce's meetings are prefilled; Save shows the hours and the verdict", async () => {
    const { promptText, formText, savedText } = await step.checkIn();
    expect(promptText).toContain('Northwind Logistics Waiting for your return');
    expect(formText).toContain('Meetings with the client (from Salesforce: confirm or correct)');
    expect(formText).not.toContain('Salesforce has no meetings on this account this month.');
    // README: "Under Found in your calendar, a Teams call from Dana's Outlook calendar that Salesforce lacks".
    expect(formText).toContain('Found in your calendar');
    expect(formText).toContain('an online meeting: a video call, not face to face');
    expect(savedText).toContain('Saved. Thank you.');
    expect(savedText).toMatch(/ [\d.]+ h, (up|down) from [\d.]+: (developing|not developing)|: stalled/);
    expect(savedText).not.toContain('no return for last month to compare');
  });

  it('When Dana types status and log meeting, then Northwind shows as answered and the meeting is logged', async () => {
    const { statusText, loggedText } = await step.statusAndLog();
    expect(statusText).toMatch(/Northwind Logistics.*Answered: [\d.]+ h/);
    expect(loggedText).toMatch(/Logged for Northwind Logistics: \d{4}-\d{2}-\d{2}, 60 min, 2 client attendees/);
  });

  it('When the team adds the app, links Northwind internal and the month closes, then the scorecard appears there', async () => {
    const { closed, cardText } = await step.scorecard();
    expect(closed).toMatch(/scorecards posted to linked channels: 1/);
    expect(cardText).toMatch(/Client man-hours [\d.]+ h, (up|down) from [\d.]+: (developing|not developing)|: stalled/);
    expect(cardText).toContain('Breadth');
    expect(cardText).toContain('At stake');
    expect(cardText).toContain('Complete: the account manager answered for this month.');
  });

  it("When the tab's local preview opens, then Dana sees her portfolio and Northwind's history with charts; as Avery, only the joint view", async () => {
    await step.scorecard();
    const { page, errors } = await openTab('/tab');
    await page.waitForSelector('table.portfolio tbody tr', { timeout: 60_000 });
    expect(await page.textContent('#preview-as')).toContain('Local preview as Dana Whitfield');
    expect(await page.locator('table.portfolio tbody tr').count()).toBe(3);
    await page.getByRole('link', { name: 'Northwind Logistics' }).first().click();
    await page.waitForSelector('.chart canvas', { timeout: 60_000 });
    expect(await page.textContent('h1')).toBe('Northwind Logistics');
    await page.selectOption('#preview-user', { label: 'Avery Brooks (client)' });
    await page.waitForSelector('#rating-form', { timeout: 60_000 });
    expect(await page.textContent('h1')).toBe('Northwind Logistics: joint scorecard');
    for (const internal of ['My accounts', 'Revenue', 'at stake', 'Perception gap'])
      expect(await page.textContent('main')).not.toContain(internal);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('When Avery fills in the rating form under the joint view, saves and changes it again, then both saves are confirmed', async () => {
    await step.scorecard();
    const { page, errors } = await openTab('/tab');
    // As a person would: the portfolio is shown before the switch, whose navigation would abort its request.
    await page.waitForSelector('table.portfolio tbody tr', { timeout: 60_000 });
    await page.selectOption('#preview-user', { label: 'Avery Brooks (client)' });
    await page.waitForSelector('#rating-form', { timeout: 60_000 });
    const element = (k: number) => page.locator('#rating-form fieldset.element').nth(k);
    await element(0).locator('input[name^="performance-"][value="4"]').check();
    await element(0).locator('input[name^="importance-"][value="5"]').check();
    await page.locator('#rating-form button[type="submit"]').click();
    await page.waitForSelector('#rating-status.saved', { timeout: 60_000 });
    expect(await page.textContent('#rating-status')).toContain('Saved');
    await element(0).locator('input[name^="performance-"][value="3"]').check();
    expect(await page.textContent('#rating-form button[type="submit"]')).toBe('Save my changes');
    const answered = page.waitForResponse((r) => r.request().method() === 'POST', { timeout: 60_000 });
    await page.locator('#rating-form button[type="submit"]').click();
    expect((await answered).ok()).toBe(true);
    await page.waitForSelector('#rating-status.saved', { timeout: 60_000 });
    await page.reload();
    await page.waitForSelector('#rating-form', { timeout: 60_000 });
    expect(await element(0).locator('input[name^="performance-"]:checked').getAttribute('value')).toBe('3');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("When the team types rate in the Playground, then the open round's card shows and their rating is saved", async () => {
    await step.scorecard();
    await p.goTo('Northwind internal');
    await p.mention('start rating round');
    await p.page
      .getByText(/A rating round for Northwind Logistics is already open until .*: type rate to see its card/)
      .first()
      .waitFor();
    await p.mention('rate');
    const round = await p.card('Rate our work with you: Northwind Logistics');
    await p.click(round, 'Rate');
    const form = await confirmed(p, 'Internal rating: Northwind Logistics', round);
    await p.chooseIn(form, 'How we perform (1 to 5)', '4');
    await p.chooseIn(form, 'How important (1 to 5)', '5');
    await p.click(form, 'Save my answers');
    await confirmed(p, 'your answers are saved', form);
  });

  it("When Dana opens Northwind's view and adds an action in the Playground, then the plan shows it; Avery's form opens with what was done", async () => {
    await step.scorecard();
    const { page, errors } = await openTab('/tab');
    await page.waitForSelector('table.portfolio tbody tr', { timeout: 60_000 });
    await page.getByRole('link', { name: 'Northwind Logistics' }).first().click();
    await page.waitForSelector('section[aria-label="Action plan"] li', { timeout: 60_000 });
    expect(await page.textContent('section[aria-label="Action plan"]')).toContain(
      'Share the quarterly volume forecast',
    );
    await page.selectOption('#preview-user', { label: 'Avery Brooks (client)' });
    await page.waitForSelector('#rating-form', { timeout: 60_000 });
    expect(await page.textContent('section.done')).toContain('You said, we did');
    // Below it, the joint plan with Avery's own form (README step 5): joint actions only.
    await page.waitForSelector('#action-form', { timeout: 60_000 });
    expect(await page.textContent('section.plan')).toContain('Share the quarterly volume forecast');
    expect(await page.textContent('section.plan')).not.toContain('Brief the new support lead');
    expect(errors).toEqual([]);
    await page.context().close();
    await p.goTo('Northwind internal');
    await p.mention('actions add');
    const form = await p.card('Add an action: Northwind Logistics');
    await p.pick(form, 'What it answers', 'Responsiveness');
    await p.fill(form, 'What will be done', 'Call the support lead weekly');
    await p.pick(form, 'Owner', 'Dana Whitfield (ours)');
    await p.pickDate(form, 0, new Date());
    await p.click(form, 'Add the action');
    await confirmed(p, 'Added "Call the support lead weekly" for Dana Whitfield', form);
    await p.mention('actions');
    await p.page
      .getByText(/Call the support lead weekly \(Responsiveness\): Dana Whitfield \(ours\)/)
      .first()
      .waitFor();
  });
});
