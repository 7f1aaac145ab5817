import type { Browser, Locator, Page } from 'playwright-core';

/**
 * What a person did in the page: messages typed, card inputs changed, and clicks that change nothing by themselves
 * (a card button, opening a drop-down or a calendar).
 */
export interface Effort {
  messages: number;
  inputs: number;
  clicks: number;
}

/** Card inputs changed plus card buttons clicked: the effort a card asks of a person once it is in front of them. */
export const touches = (e: Effort) => e.inputs + e.clicks;

/** Chromium as these scripts and tests launch it: Debian's package, headless, no sandbox, no network chatter. */
export const chromiumOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  env: browserEnv(),
};

/**
 * The browser's environment: this process's, less libfaketime's variables, so a moved-clock run (npm run
 * test:clocks) moves the servers' clock but not Chromium's, whose scheduler stalls under a faked clock. The time
 * zone (TZ) is kept: the page still reads dates where the person is.
 */
export function browserEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && e[0] !== 'LD_PRELOAD' && !e[0].startsWith('FAKETIME'),
    ),
  );
}

/** Matches a label by its first words (a required input's label ends with a star; a group's adds its error text). */
const startsWith = (label: string) => new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

const CHANNEL = 'Northwind Logistics account team - Northwind internal';

/**
 * The Microsoft 365 Agents Playground's own web page, driven as a person uses it: type in the compose box, click
 * the buttons its Adaptive Cards renderer draws, fill its inputs. Every input change and button click is counted,
 * so a flow's effort is measured in the real client with its own input validation, not asserted.
 */
export class PlaygroundPage {
  effort: Effort = { messages: 0, inputs: 0, clicks: 0 };

  private constructor(readonly page: Page) {}

  /** Opens the Playground's page; it shows the personal chat with the bot. */
  static async open(browser: Browser, url: string, viewport = { width: 1280, height: 2400 }): Promise<PlaygroundPage> {
    const page = await browser.newPage({ viewport });
    // Generous waits, never sleeps: a shared CI runner can take tens of seconds to draw a card.
    page.setDefaultTimeout(90_000);
    page.setDefaultNavigationTimeout(180_000);
    // The page loads fonts and animations from a CDN it cannot reach here; its own UI needs none of them.
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.locator('[role=textbox][contenteditable=true]').first().waitFor({ state: 'attached' });
    return new PlaygroundPage(page);
  }

  /** Starts counting afresh (a new flow) and returns what the previous one took. */
  reset(): Effort {
    const done = this.effort;
    this.effort = { messages: 0, inputs: 0, clicks: 0 };
    return done;
  }

  /** Switches to the personal chat with the bot, or to the account team's "Northwind internal" channel. */
  async goTo(where: 'personal chat' | 'Northwind internal'): Promise<void> {
    await this.page.locator(`button[aria-label="${where === 'personal chat' ? 'Personal Chat' : CHANNEL}"]`).click();
  }

  /** Types a message in the personal chat's compose box and sends it with Enter. */
  async say(text: string): Promise<void> {
    const box = this.page.locator('[role=textbox][contenteditable=true]').last();
    await box.click();
    await box.fill(text);
    await this.page.keyboard.press('Enter');
    this.effort.messages++;
  }

  /** Starts a channel post that @mentions the bot, as Teams needs in a channel, and posts it. */
  async mention(text: string): Promise<void> {
    const box = this.page.locator('[role=textbox][contenteditable=true]').first();
    await box.click();
    await this.page.keyboard.type('@Partnership');
    // The suggestion in the typeahead menu, not the bot's name on one of its earlier posts.
    await this.page.locator('#typeahead-menu').getByRole('menuitem', { name: 'Partnership Pulse' }).click();
    await this.page.keyboard.type(` ${text}`);
    await this.page.getByRole('button', { name: 'Post', exact: true }).click();
    this.effort.messages++;
  }

  /** Mock an Activity > `item` (e.g. Add application) in the open conversation, then Send activity in its dialog. */
  async mockActivity(item: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Mock an Activity' }).click();
    await this.page
      .locator('[role=menuitem]')
      .filter({ hasText: new RegExp(`^${item}$`) })
      .click();
    await this.page.getByRole('button', { name: 'Send activity', exact: true }).click();
    this.effort.clicks += 3;
  }

  /** The newest card on the page whose text contains `text`, once it is there. */
  async card(text: string, timeoutMs = 60_000): Promise<Locator> {
    const card = this.page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();
    await card.waitFor({ timeout: timeoutMs });
    return card;
  }

  /** Clicks a card button by its title. */
  async click(card: Locator, title: string, nth = 0): Promise<void> {
    await card.getByRole('button', { name: title, exact: true }).nth(nth).click();
    this.effort.clicks++;
  }

  /** Picks an option of an expanded choice set (radio buttons). */
  async choose(card: Locator, option: string): Promise<void> {
    await card.getByRole('radio', { name: option, exact: true }).check();
    this.effort.inputs++;
  }

  /** Picks an option in the `nth` group of radio buttons labelled `group` (an expanded choice set that repeats). */
  async chooseIn(card: Locator, group: string, option: string, nth = 0): Promise<void> {
    await card
      .getByRole('radiogroup', { name: startsWith(group) })
      .nth(nth)
      .getByRole('radio', { name: option, exact: true })
      .check();
    this.effort.inputs++;
  }

  /** Types into a text or number box found by its label (the `nth` one when rows repeat a label). */
  async fill(card: Locator, label: string, value: string, nth = 0): Promise<void> {
    // A required input's label ends with a star: match the label's words, not its decoration.
    await card.getByLabel(startsWith(label)).nth(nth).fill(value);
    this.effort.inputs++;
  }

  /** Empties a box a person did not mean to fill. */
  async clear(input: Locator): Promise<void> {
    await input.fill('');
    this.effort.inputs++;
  }

  /** Opens a drop-down (compact choice set) by its label, optionally types to filter it, and picks an option. */
  async pick(card: Locator, label: string, option: string, typed?: string): Promise<void> {
    const box = card.getByRole('combobox', { name: label }).first();
    await box.click();
    if (typed) await box.fill(typed);
    await this.page.getByRole('option', { name: option, exact: true }).click();
    // Two touches: opening the list is a click of its own.
    this.effort.clicks++;
    this.effort.inputs++;
  }

  /** Opens the `nth` date box of a card and clicks the day in its calendar, as a person picks a date. */
  async pickDate(card: Locator, nth: number, day: Date): Promise<void> {
    await card.locator('input[placeholder="Select a date..."]').nth(nth).click();
    const name = `${day.getUTCDate()}, ${day.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })}, ${day.getUTCFullYear()}`;
    await this.page.getByRole('button', { name, exact: true }).click();
    // Two touches: opening the calendar is a click of its own.
    this.effort.clicks++;
    this.effort.inputs++;
  }

  /** A card's visible text, as a person reads it. */
  static async text(card: Locator): Promise<string> {
    // biome-ignore lint/performance/useDomNodeTextContent: the text as drawn (hidden parts left out, as a person reads it) is the point
    return (await card.innerText()).replace(/\s+/g, ' ').trim();
  }
}
