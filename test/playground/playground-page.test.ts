import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFlows, type FlowResult } from '../../scripts/cards/playground-flows.ts';
import { chromiumOptions, PlaygroundPage, touches } from '../../scripts/cards/playground-page.ts';
import { startPlayground, type RunningPlayground } from '../../scripts/cards/start-playground.ts';

/**
 * The cards as a person uses them: the Agents Playground's own web page (its Adaptive Cards renderer, its input
 * validation, its compose box) in headless Chromium, started by `npm run playground`. Nothing is posted behind the
 * client's back: a form the client refuses to send fails here, as it fails for an account manager.
 * Input validation is client-side only in Teams (https://learn.microsoft.com/adaptive-cards/authoring-cards/input-validation),
 * so the form must let an untouched optional row through and leave the checking to the server.
 */
describe('The Agents Playground web page, clicked through in Chromium', () => {
  let pg: RunningPlayground;
  let browser: Browser;
  let page: PlaygroundPage;
  let flows: Map<string, FlowResult>;

  beforeAll(async () => {
    pg = await startPlayground();
    browser = await chromium.launch(chromiumOptions);
    page = await PlaygroundPage.open(browser, pg.url);
    flows = new Map((await runFlows(pg, page)).map((r) => [r.name, r]));
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
  }, 60_000);

  const flow = (name: string) => {
    const found = flows.get(name);
    if (!found) throw new Error(`flow ${name} did not run`);
    return found;
  };

  it('When the account manager types help, then the help card lists what the bot does and its commands', () => {
    expect(flow('help').seen).toContain('What I do');
    expect(flow('help').seen).toContain('log meeting');
    expect(flow('help').effort).toEqual({ messages: 1, inputs: 0, clicks: 0 });
  });

  it('When the month opens, then the prompt lists the accounts waiting for a return, each with Answer', () => {
    expect(flow('monthly prompt').seen).toContain('Northwind Logistics Waiting for your return');
  });

  it(
    'When the account manager confirms a month prefilled from Salesforce, then Answer, who has the ball ' +
      'and Save are all it takes, and the saved card shows the figure',
    () => {
      const { seen: both, effort } = flow('monthly check-in (Salesforce meetings)');
      const [form, seen] = both.split(' => ') as [string, string];
      // Dana's calendar (the demo's Graph stand-in, read with the sync): a Teams call with Northwind's contacts that
      // Salesforce lacks, with its reason; the calendar's copy of the QBR confirms Salesforce's; a private event never shows.
      expect(form).toContain('Found in your calendar');
      expect(form).toContain('Forecast call');
      expect(form).toContain('an online meeting: a video call, not face to face');
      expect(form).toContain('also in your calendar');
      expect(form).not.toContain('Personal appointment');
      expect(seen).toContain('Saved. Thank you.');
      // The demo org follows the seed example: Northwind's client man-hours are 8.0 in the month just ended.
      expect(seen).toMatch(/8\.0 h/);
      expect(seen).toContain('Who has the ball Us');
      expect(effort).toEqual({ messages: 0, inputs: 1, clicks: 2 });
      expect(touches(effort)).toBeLessThanOrEqual(3);
    },
  );

  it('When the account manager edits the saved return, then the saved card shows the change', () => {
    const { seen, effort } = flow('edit a return');
    expect(seen).toContain('Next step Send the renewal proposal');
    expect(seen).toContain('Who has the ball Us');
    expect(touches(effort)).toBe(3);
  });

  it('When the account manager logs a meeting, then the card confirms it for next month', () => {
    const { seen, effort } = flow('log meeting');
    expect(seen).toMatch(/Logged for Northwind Logistics: \d{4}-\d{2}-\d{2}, 90 min, 3 client attendees, face to face/);
    // The account and the date are drop-downs (open, then pick): two touches each.
    expect(effort).toEqual({ messages: 1, inputs: 4, clicks: 3 });
  });

  it('When the account manager types status, then Northwind shows as answered with its figure', () => {
    expect(flow('status').seen).toMatch(/Northwind Logistics.*Answered: 8\.0 h/);
  });

  it('When the account team links its channel, then the card confirms the link, and at month close the scorecard appears there', () => {
    expect(flow('link a channel').seen).toContain('This channel is now linked to Northwind Logistics');
    // Open the list, pick the account, Link.
    expect(touches(flow('link a channel').effort)).toBe(3);
    const scorecard = flow('scorecard posted at month close').seen;
    expect(scorecard).toContain('Client man-hours 8.0 h');
    expect(scorecard).toContain('Complete: the account manager answered for this month.');
  });

  it('When the account team rates in a rating round, then Rate opens their own form, one touch per answer and Save store it, and the card confirms it', () => {
    const { seen, effort } = flow('rate as the account team');
    expect(seen).toContain('your answers are saved');
    expect(seen).not.toContain('nothing was saved');
    // `rate` is the one message; Rate, one radio button per answer (two per element, six elements) and Save.
    expect(effort).toEqual({ messages: 1, inputs: 12, clicks: 2 });
  });

  it('When an added meeting row is only half filled, then nothing is saved and the server names everything the row still needs; cleared, it saves', () => {
    const [refused, resaved] = flow('half-filled added row (refused, then cleared)').seen.split(' => ');
    expect(refused).toContain('Give a date inside the month. Minutes must be a whole number from 1 to 1440 (24 h).');
    expect(refused).not.toContain('Saved. Thank you.');
    expect(resaved).toContain('Saved. Thank you.');
    expect(resaved).toContain('Next step Send the renewal proposal');
  });

  it('When the account team adds an action from its card, then the owner is picked from the roster and the card confirms it', () => {
    const { seen } = flow('add an action');
    expect(seen).toMatch(
      /Added "Weekly delivery call" for Dana Whitfield, due \d{4}-\d{2}-\d{2} \(internal: never shown to the client\)/,
    );
  });
});
