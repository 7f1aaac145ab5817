import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bindCard, cardsDir } from '../../src/cards/render-card.ts';
import { helpCard } from '../../src/cards/help-card.ts';
import { buildRoutes } from '../../src/bot/routes.ts';
import { promptCard, returnFormCard, returnSavedCard } from '../../src/cards/monthly-return-cards.ts';
import type { Period } from '../../src/domain/period.ts';
import { logMeetingCard } from '../../src/cards/log-meeting-card.ts';
import { linkChannelCard } from '../../src/cards/link-channel-card.ts';
import { scorecardCard } from '../../src/cards/scorecard-card.ts';
import { scoreAccount, type ScorecardInput } from '../../src/scoring/scorecard.ts';

const scoringSample = (): ScorecardInput => ({
  period, account: { id: '001000000000001AAA', name: 'Northwind Logistics', annualRevenue: 62_000_000 }, totalKeyAccountRevenue: 600_000_000,
  hours: new Map([['2026-09' as Period, 6], ['2026-10' as Period, 8]]), thisReturn: null, lastReturn: null, peopleMet: [{ id: 'c1', level: 'executive' }],
  casesPerWeek: [0, 0, 1, 0, 0, 1, 0, 0, 0], ratings: null, opportunities: [], sponsorLeft: false,
  stageAssessment: { stage: null, jointPlan: false, sharedMeasures: false }, economics: { marginRate: 0.25, discountRate: 0.08, years: 3 },
});

const period = '2026-10' as Period;
const meeting = { sfEventId: '00U000000000001AAA', date: '2026-10-06', subject: 'QBR', minutes: 120, clientAttendees: 4, ourAttendees: 2, faceToFace: true, clientNames: ['Ava Novak', 'Ben Singh'] };

// The library's ESM build has extensionless imports Node refuses; its UMD bundle parses without a DOM.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown, ctx: unknown): void; validateProperties(): { validationEvents: { message: string }[] } };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
};

/** A bound example of every card template; a new template without one fails the first test. */
const samples: Record<string, () => Record<string, unknown>> = {
  scorecard: () => scorecardCard(scoreAccount(scoringSample())).content as Record<string, unknown>,
  'link-channel': () => linkChannelCard([{ id: '001000000000001AAA', name: 'Northwind Logistics' }], 'That account is already linked to another channel: unlink it there first.').content as Record<string, unknown>,
  'log-meeting': () => logMeetingCard([{ id: '001000000000001AAA', name: 'Northwind Logistics' }], { text: 'Logged for Northwind Logistics', ok: true }).content as Record<string, unknown>,
  help: () => helpCard(buildRoutes().commandList()).content as Record<string, unknown>,
  'monthly-prompt': () =>
    promptCard(period, [
      { id: '001000000000001AAA', name: 'Northwind Logistics', status: 'submitted', verdictText: '8.0 h, up from 6.0: developing' },
      { id: '001000000000002AAA', name: 'Contoso Pharma', status: 'pending', verdictText: null },
    ], false).content as Record<string, unknown>,
  'monthly-return-form': () =>
    returnFormCard({
      period, accountId: '001000000000001AAA', accountName: 'Northwind Logistics', verdictText: '8.0 h, up from 6.0: developing',
      values: {
        meetings: [{ ...meeting, keep: true }], extraMeetings: [{ date: '', minutes: null, clients: null, faceToFace: true }, { date: '2026-10-20', minutes: 60, clients: 2, faceToFace: false }],
        noMeetings: false, activities: [{ title: 'Joint plan signed', type: 'milestone', date: '2026-10-14' }, { title: '', type: 'milestone', date: '' }],
        ballWith: 'client', riskFlags: ['price_pressure'], nextStep: 'Send the renewal proposal',
      },
      errors: { m0: 'Minutes must be a whole number from 1 to 1440 (24 h).', ballWith: 'Say who has the ball for the next step.' },
    }).content as Record<string, unknown>,
  'monthly-return-saved': () =>
    returnSavedCard({
      period, accountName: 'Northwind Logistics', verdictText: '8.0 h, up from 6.0: developing', closed: false, justSaved: true,
      ret: { period, accountId: '001000000000001AAA', amSfUserId: '005000000000001AAA', status: 'submitted', meetings: [meeting], noMeetings: false, keyActivities: [{ title: 'Joint plan signed', type: 'milestone', date: '2026-10-14' }], ballWith: 'client', riskFlags: [], nextStep: null, clientManHours: 8, ourManHours: 4, submittedBy: '29:x', submittedAt: new Date() },
    }).content as Record<string, unknown>,
};

/** Teams renders Chart.* elements; the library does not know them and uses their fallback, which every chart must have. */
const TEAMS_ONLY = /^Unknown element type "Chart\.[A-Za-z.]+"\. Fallback will be used if present\.$/;

function problems(card: Record<string, unknown>): string[] {
  const context = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const out: string[] = [];
  for (let i = 0; i < context.eventCount; i++) if (!TEAMS_ONLY.test(context.getEventAt(i).message)) out.push(context.getEventAt(i).message);
  JSON.stringify(card, (_k, v: unknown) => {
    if (v && typeof v === 'object' && String((v as { type?: unknown }).type).startsWith('Chart.') && !(v as { fallback?: unknown }).fallback) out.push(`${String((v as { type: string }).type)} has no fallback`);
    return v;
  });
  for (const e of parsed.validateProperties().validationEvents) out.push(e.message);
  return out;
}

describe('Card templates', () => {
  const templates = readdirSync(cardsDir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));

  it('Every template in cards/ has a sample view model here', () => {
    expect(templates.sort()).toEqual(Object.keys(samples).sort());
  });

  for (const name of templates) {
    it(`When ${name} is bound to its sample, then the Adaptive Cards library reports no problem and nothing is left unbound`, () => {
      const card = samples[name]!();
      expect(card.version).toBe('1.5');
      expect(problems(card)).toEqual([]);
      expect(JSON.stringify(card)).not.toMatch(/\$\{|\$data/);
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(80 * 1024);
    });
  }

  it('When a template has an unknown element, then the check catches it', () => {
    expect(problems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Blink', text: 'x' }] }).join()).toMatch(/Blink/);
    expect(bindCard('help', { title: 'T', summary: 'S', duties: ['a'], commands: [{ name: 'help', description: 'd' }], footnote: 'f' })).toMatchObject({ type: 'AdaptiveCard' });
  });
});
