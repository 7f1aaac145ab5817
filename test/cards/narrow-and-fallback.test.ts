import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firedActions, layoutProblems, renderCard } from '../../scripts/cards/card-page.ts';
import { samples } from '../../scripts/cards/card-samples.ts';
import { chromiumOptions } from '../../scripts/cards/playground-page.ts';
import { returnFormCard } from '../../src/features/cards/monthly-return-cards.ts';
import { parseReturnSubmission } from '../../src/features/cycle/parse-return-submission.ts';
import type { Period } from '../../src/core/domain/period.ts';
import type { ReturnMeetingEntry } from '../../src/core/domain/monthly-return.ts';

/**
 * Teams mobile draws a card to the phone's width (360 px here), and older clients know neither Universal Actions
 * (Action.Execute needs Adaptive Cards 1.4:
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/overview)
 * nor charts. The Agents Playground has no phone layout, so these run in the `adaptivecards` renderer with the
 * Teams-like host config, clicked in Chromium; a form's action data goes to the server's own parser.
 */
const PHONE = 360 - 2 * 12;
const period = '2026-10' as Period;
const workshop: ReturnMeetingEntry = {
  sfEventId: '00U000000000001AAA',
  date: '2026-10-21',
  subject: 'Workshop',
  minutes: 120,
  clientAttendees: 4,
  ourAttendees: 2,
  faceToFace: true,
  clientNames: ['Ava Novak', 'Ben Berg', 'Gus Singh', 'Ivan Tanaka'],
};
/** The form as the bot first sends it: Salesforce's meeting prefilled, the optional rows empty. */
const freshForm = () =>
  returnFormCard({
    period,
    accountId: '001000000000001AAA',
    accountName: 'Northwind Logistics',
    verdictText: '8.0 h, no return for last month to compare: no data',
    values: {
      meetings: [{ ...workshop, keep: true }],
      calendarMeetings: [],
      extraMeetings: [
        { date: '', minutes: null, clients: null, faceToFace: true },
        { date: '', minutes: null, clients: null, faceToFace: true },
      ],
      noMeetings: false,
      activities: [0, 1, 2].map(() => ({ title: '', type: 'milestone', date: '' })),
      ballWith: '',
      riskFlags: [],
      nextStep: '',
      stage: '',
      jointPlan: false,
      sharedMeasures: false,
    },
  }).content as object;

describe('Cards on a phone and on older clients', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await chromium.launch(chromiumOptions);
    page = await browser.newPage({ viewport: { width: 360, height: 2000 } });
    page.setDefaultTimeout(60_000);
  }, 120_000);
  afterAll(async () => browser?.close());

  for (const [name, sample] of Object.entries(samples))
    it(`When ${name} is drawn 360 px wide, then no word is broken across lines and nothing is wider than the screen`, async () => {
      await renderCard(page, sample(), { width: PHONE });
      expect(await layoutProblems(page)).toEqual([]);
    }, 120_000);

  it('When the check-in form is confirmed on a phone, untouched rows and all, then the client sends it and the server accepts it', async () => {
    for (const legacy of [false, true]) {
      await renderCard(page, freshForm(), { width: PHONE, legacy });
      // The library draws each choice's title as a label for its radio button: a person clicks the words.
      await page.getByText('Us', { exact: true }).click();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const fired = await firedActions(page);
      expect(fired, legacy ? 'older client (Action.Submit)' : 'Action.Execute').toHaveLength(1);
      const { type, data } = fired[0]!;
      expect(type).toBe(legacy ? 'Action.Submit' : 'Action.Execute');
      const parsed = parseReturnSubmission(data, period, [workshop]);
      expect(parsed.ok ? parsed.answers.ballWith : parsed.errors).toBe('us');
      expect(parsed.ok && parsed.answers.meetings).toEqual([workshop]);
    }
  }, 300_000);

  it("When Salesforce changed a saved month and its form's take button is clicked on a phone, then only the take is sent", async () => {
    for (const legacy of [false, true]) {
      await renderCard(page, samples['monthly-return-form']!(), { width: PHONE, legacy });
      await page.getByRole('button', { name: "Take Salesforce's changes", exact: true }).click();
      const fired = await firedActions(page);
      expect(fired, legacy ? 'older client (Action.Submit)' : 'Action.Execute').toHaveLength(1);
      expect(fired[0]!.data).toMatchObject({ period, accountId: '001000000000001AAA', take: 'salesforce' });
      if (legacy) expect(fired[0]!.data.verb).toBe('return.open');
      // The form's inputs are not sent: taking refills the form from Salesforce and the saved return.
      expect(Object.keys(fired[0]!.data)).not.toContain('m0_minutes');
    }
  }, 120_000);

  it('When the shared-channel confirm is clicked with no organisation ticked, then the client stops it; ' +
    "ticked, it sends only the client's tenant", async () => {
    for (const legacy of [false, true]) {
      await renderCard(page, samples['link-shared']!(), { width: PHONE, legacy });
      await page.getByRole('button', { name: 'Link as the shared channel' }).click();
      expect(await firedActions(page), 'nothing ticked').toEqual([]);
      // The library draws each choice's title as the label of its tick box: a person clicks the organisation's domain.
      await page.getByText('northwind.example: 4 people', { exact: false }).click();
      await page.getByRole('button', { name: 'Link as the shared channel' }).click();
      const fired = await firedActions(page);
      expect(fired, legacy ? 'older client' : 'Action.Execute').toHaveLength(1);
      expect(fired[0]!.data).toMatchObject({
        accountId: '001000000000001AAA',
        tenants: 'bbbbbbbb-0000-4000-8000-000000000002',
      });
    }
  }, 120_000);

  it('When an older client draws each card, then every button is still there (as Action.Submit carrying its verb) and no text is lost', async () => {
    for (const [name, sample] of Object.entries(samples)) {
      await renderCard(page, sample(), { width: PHONE });
      // biome-ignore lint/performance/useDomNodeTextContent: the text as drawn (hidden parts left out, as a person reads it) is the point
      const modern = await page.locator('#card').innerText();
      const buttons = await page.getByRole('button').allInnerTexts();
      await renderCard(page, sample(), { width: PHONE, legacy: true });
      // biome-ignore lint/performance/useDomNodeTextContent: the text as drawn (hidden parts left out, as a person reads it) is the point
      expect(await page.locator('#card').innerText(), name).toBe(modern);
      expect(await page.getByRole('button').allInnerTexts(), name).toEqual(buttons);
      const verbs = JSON.stringify(sample()).match(/"verb":"[^"]+"/g) ?? [];
      for (const [i, title] of buttons.entries()) {
        if (!title.trim() || title === 'How these numbers were worked out') continue;
        await renderCard(page, sample(), { width: PHONE, legacy: true });
        await page.getByRole('button').nth(i).click();
        const fired = await firedActions(page);
        // A required input left empty stops the click on the client: that is its job, and the server checks again.
        if (fired.length === 0) continue;
        expect(fired[0]!.type, `${name}: ${title}`).toBe('Action.Submit');
        expect(verbs, `${name}: ${title}`).toContain(`"verb":"${String(fired[0]!.data.verb)}"`);
      }
    }
  }, 600_000);

  it("When a client cannot draw charts, then the scorecard's trend is still there as text", async () => {
    await renderCard(page, samples.scorecard!(), { width: PHONE });
    // biome-ignore lint/performance/useDomNodeTextContent: the text as drawn (hidden parts left out, as a person reads it) is the point
    expect(await page.locator('#card').innerText()).toMatch(/Client man-hours, last six months: .*8\.0/);
  });
});
