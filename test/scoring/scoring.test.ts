import { PINNED_AT } from '../support/test-clock.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clientHoursTrend } from '../../src/core/scoring/client-hours-trend.ts';
import { breadth } from '../../src/core/scoring/breadth.ts';
import { caseSpike } from '../../src/core/scoring/case-spike.ts';
import { meetingBreakdown } from '../../src/core/scoring/meeting-breakdown.ts';
import { perceptionGaps, performanceIndex, prioritiesForAction, type Rating } from '../../src/core/scoring/ratings.ts';
import { overallStatus } from '../../src/core/scoring/overall-status.ts';
import { clientSafe, scoreAccount, type ScorecardInput } from '../../src/core/scoring/scorecard.ts';
import { isQuarterEnd, portfolioSummary } from '../../src/core/scoring/portfolio.ts';
import { portfolioCard } from '../../src/features/cards/portfolio-card.ts';
import type { Period } from '../../src/core/domain/period.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';
import { qbrMeeting, submittedReturn } from '../support/sample-return.ts';

const p = (s: string) => s as Period;
const series = (values: (number | null)[], last = '2026-10') => {
  const m = new Map<Period, number>();
  const [y, mo] = last.split('-').map(Number);
  values.forEach((v, i) => {
    const d = new Date(Date.UTC(y!, mo! - 1 - (values.length - 1 - i), 1));
    if (v !== null) m.set(p(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`), v);
  });
  return m;
};

describe('Client man-hours trend', () => {
  it('the seed series 0.5, 1, 2, 6, 8 is developing, four months running', () => {
    const t = clientHoursTrend(series([0.5, 1, 2, 6, 8]), p('2026-10'));
    expect(t.value).toMatchObject({
      thisMonth: 8,
      lastMonth: 6,
      change: 2,
      verdict: 'developing',
      developingStreak: 4,
      stalled: false,
    });
    expect(t.why).toContain('Developing 4 months running.');
  });
  it('two months without growth is stalled; a missing month is no data and breaks the streak', () => {
    expect(clientHoursTrend(series([5, 5, 4]), p('2026-10')).value).toMatchObject({
      verdict: 'not developing',
      notDevelopingStreak: 2,
      stalled: true,
    });
    expect(clientHoursTrend(series([5, null, 4]), p('2026-10')).value).toMatchObject({
      verdict: 'no data',
      lastMonth: null,
      stalled: false,
    });
    expect(clientHoursTrend(series([5, 6, null]), p('2026-10')).value).toMatchObject({
      thisMonth: null,
      verdict: 'no data',
    });
  });
});

describe('Breadth, cases, ratings', () => {
  it('counts distinct people and the levels among them', () => {
    expect(
      breadth([
        { id: 'a', level: 'executive' },
        { id: 'a', level: 'executive' },
        { id: 'b', level: 'operational' },
        { id: 'c', level: null },
      ]).value,
    ).toEqual({ people: 3, levels: ['executive', 'operational'], unnamedAttendees: 0 });
  });
  it('a spike is at least twice the trailing 8-week mean and at least 3 cases', () => {
    expect(caseSpike([5, 1, 0, 2, 1, 1, 0, 1, 2, 9]).value).toEqual({ thisWeek: 9, trailingMean: 1, spike: true });
    expect(caseSpike([0, 0, 0, 0, 0, 0, 0, 0, 2]).value.spike).toBe(false);
    expect(caseSpike([3, 3, 3, 3, 3, 3, 3, 3, 5]).value.spike).toBe(false);
  });
  it("the spike rule is the organisation's: a stricter factor or minimum turns the same week into no spike, a looser one into a spike", () => {
    const weeks = [1, 1, 1, 1, 1, 1, 1, 1, 3];
    expect(caseSpike(weeks).value.spike).toBe(true);
    expect(caseSpike(weeks, { factor: 4, minimum: 3 }).value.spike).toBe(false);
    expect(caseSpike(weeks, { factor: 2, minimum: 4 }).value.spike).toBe(false);
    expect(caseSpike([0, 0, 0, 0, 0, 0, 0, 0, 2], { factor: 2, minimum: 2 }).value.spike).toBe(true);
    expect(caseSpike(weeks, { factor: 4, minimum: 3 }).why[0]).toBe(
      '3 cases this week against a mean of 1.00 over the previous 8 weeks.',
    );
    expect(caseSpike(weeks).why[0]).toContain('a spike (at least 2x and 3 cases)');
  });
  it('computes the index, gaps, priorities and irritants by hand', () => {
    const ratings: Rating[] = [
      {
        element: 'Responsiveness',
        raterId: 'c1',
        side: 'client',
        performance: 2,
        importance: 5,
        comment: 'Tickets wait for days',
      },
      { element: 'Quality', raterId: 'c1', side: 'client', performance: 4, importance: 3 },
      { element: 'Responsiveness', raterId: 'i1', side: 'internal', performance: 4, importance: 4 },
      { element: 'Cost', raterId: 'i1', side: 'internal', performance: 3, importance: 2 },
    ];
    // (5 x 2 + 3 x 4) / 8 = 2.75 of 5 -> (2.75 - 1) / 4 = 43.75% -> 43.8
    expect(performanceIndex(ratings).value).toBe(43.8);
    expect(perceptionGaps(ratings).value).toEqual([{ element: 'Responsiveness', internal: 4, client: 2, gap: 2 }]);
    expect(prioritiesForAction(ratings).value.map((x) => [x.element, x.score])).toEqual([
      ['Responsiveness', 15],
      ['Quality', 3],
    ]);
    expect(performanceIndex([]).value).toBeNull();
  });

  it('When the averages are shown to one decimal, then the gap shown is their difference (never 4.5 - 1.8 = +2.8)', () => {
    // We: 4 and 5 (4.5). The client: 1, 2, 2 and 2 (1.75, shown 1.8). Unrounded, the gap is 2.75.
    const r = (raterId: string, side: Rating['side'], performance: number): Rating => ({
      element: 'Responsiveness',
      raterId,
      side,
      performance,
      importance: 4,
    });
    const ratings = [r('i1', 'internal', 4), r('i2', 'internal', 5), r('c1', 'client', 1)];
    ratings.push(r('c2', 'client', 2), r('c3', 'client', 2), r('c4', 'client', 2));
    const [g] = perceptionGaps(ratings).value;
    expect(g).toEqual({ element: 'Responsiveness', internal: 4.5, client: 1.8, gap: 2.7 });
    expect(perceptionGaps(ratings).why).toEqual(['Responsiveness: we rate 4.5, the client 1.8 (gap +2.7).']);
  });
});

const trendOf = (values: (number | null)[]) => clientHoursTrend(series(values), p('2026-10')).value;

describe('Overall status', () => {
  it('follows its rules, at risk first', () => {
    const base = { riskFlags: [], sponsorLeft: false, caseSpike: false, largestPerceptionGap: null };
    expect(overallStatus({ ...base, trend: trendOf([6, 8]) }).value).toBe('developing');
    expect(overallStatus({ ...base, trend: trendOf([8, 8, 8]) }).value).toBe('stalled');
    expect(overallStatus({ ...base, trend: trendOf([8, 7]) }).value).toBe('not developing');
    expect(overallStatus({ ...base, trend: trendOf([8, null]) }).value).toBe('no data');
    expect(overallStatus({ ...base, trend: trendOf([6, 8]), largestPerceptionGap: 1.5 }).value).toBe('at risk');
    expect(overallStatus({ ...base, trend: trendOf([6, 8]), riskFlags: ['competitor', 'price_pressure'] }).why[0]).toBe(
      '2 risk flags raised (Competitor activity; Price pressure).',
    );
  });
  it('is never developing without a return this month (property)', () => {
    const hours = fc.array(fc.option(fc.double({ min: 0, max: 500, noNaN: true }), { nil: null }), {
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(hours, fc.boolean(), fc.boolean(), (values, sponsorLeft, spike) => {
        const withoutThisMonth = [...values.slice(0, -1), null];
        const s = overallStatus({
          trend: trendOf(withoutThisMonth),
          riskFlags: [],
          sponsorLeft,
          caseSpike: spike,
          largestPerceptionGap: null,
        });
        return s.value !== 'developing';
      }),
    );
  });
});

const input = (over: Partial<ScorecardInput> = {}): ScorecardInput => ({
  period: p('2026-10'),
  account: { id: '001A', name: 'Northwind Logistics', annualRevenue: 62_000_000 },
  totalKeyAccountRevenue: 600_000_000,
  hours: series([0.5, 1, 2, 6, 8]),
  thisReturn: submittedReturn({
    accountId: '001A',
    amSfUserId: '005A',
    meetings: [],
    nextStep: 'Confidential: push the price rise',
    submittedAt: new Date(PINNED_AT),
  }),
  lastReturn: null,
  peopleMet: [
    { id: 'c1', level: 'executive' },
    { id: 'c2', level: 'management' },
  ],
  casesPerWeek: [1, 1, 1, 1, 1, 1, 1, 1, 1],
  ratings: [
    {
      element: 'Responsiveness',
      raterId: 'client-person',
      side: 'client',
      performance: 2,
      importance: 5,
      comment: 'slow',
    },
    {
      element: 'Responsiveness',
      raterId: 'internal-person',
      side: 'internal',
      performance: 5,
      importance: 5,
      comment: 'we are great',
    },
  ],
  opportunities: [{ amount: 250_000, closeDate: '2027-02-01', isRenewal: true }],
  currency: 'GBP',
  sponsorLeft: false,
  stageAssessment: { stage: 4, jointPlan: true, sharedMeasures: false },
  scoringSettings: { ...DEFAULT_SCORING_SETTINGS, years: 5 },
  ...over,
});

describe('Where client man-hours came from', () => {
  const meetings = [
    { ...qbrMeeting, sfEventId: '00U1' },
    {
      sfEventId: null,
      date: '2026-10-20',
      subject: '',
      minutes: 45,
      clientAttendees: 1,
      ourAttendees: 1,
      faceToFace: false,
      clientNames: [],
    },
  ];
  it('lists each meeting as people x hours, and says a video call does not count unless the organisation admits it', () => {
    expect(meetingBreakdown(meetings, false)).toEqual([
      '2026-10-06 QBR: 4 client people x 2 h = 8.0.',
      '2026-10-20 meeting: video call, not counted.',
    ]);
    expect(meetingBreakdown(meetings, true)).toEqual([
      '2026-10-06 QBR: 4 client people x 2 h = 8.0.',
      '2026-10-20 meeting: 1 client person x 0.75 h = 0.75 (video call, admitted).',
    ]);
  });
  it('the scorecard carries the breakdown of the submitted return under its hours', () => {
    const s = scoreAccount(input({ thisReturn: { ...input().thisReturn!, meetings } }));
    expect(s.why.hours).toContain('2026-10-20 meeting: video call, not counted.');
  });
});

describe('The scorecard', () => {
  it('scores Northwind for October: developing by hours, at risk by the perception gap, and says why', () => {
    const s = scoreAccount(input());
    expect(s.hours.thisMonth).toBe(8);
    expect(s.verdictText).toBe('8.0 h, up from 6.0: developing');
    expect(s.status).toBe('at risk');
    expect(s.why.status).toEqual(['We rate ourselves 3 points higher than the client does on one element.']);
    expect(s.trend.map((t) => t.hours)).toEqual([null, 0.5, 1, 2, 6, 8]);
    expect(s.stake.shareOfRevenue).toBe(10.3);
  });

  it("the scorecard applies the organisation's case-spike rule: 3 cases after a quiet 8 weeks is a spike at the default, not at factor 4", () => {
    const cases = [0, 1, 1, 1, 1, 1, 1, 1, 1, 3];
    expect(scoreAccount(input({ casesPerWeek: cases })).caseSpike.spike).toBe(true);
    expect(
      scoreAccount(
        input({
          casesPerWeek: cases,
          scoringSettings: { ...DEFAULT_SCORING_SETTINGS, caseSpike: { factor: 4, minimum: 3 } },
        }),
      ).caseSpike.spike,
    ).toBe(false);
  });

  it('the client-safe view carries no revenue, asset value, status, risks, notes, cases or internal ratings (property)', () => {
    const allowed = [
      'period',
      'accountName',
      'clientManHours',
      'lastMonthClientManHours',
      'verdictText',
      'trend',
      'peopleMet',
      'levelsReached',
      'keyActivities',
      'ballWith',
      'clientRatings',
      'irritants',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000_001, max: 999_999_999 }),
        fc.constantFrom('we are great', 'secret plan', 'Confidential: push the price rise'),
        (revenue, note) => {
          const s = scoreAccount(
            input({
              account: { id: '001A', name: 'Northwind Logistics', annualRevenue: revenue },
              thisReturn: { ...input().thisReturn!, nextStep: note },
            }),
          );
          const safe = clientSafe(s);
          const json = JSON.stringify(safe);
          expect(Object.keys(safe).sort()).toEqual([...allowed].sort());
          for (const secret of [
            String(revenue),
            String(s.stake.customerAssetValue),
            note,
            'we are great',
            'price_pressure',
            'at risk',
            'internal-person',
            '"status"',
          ])
            expect(json).not.toContain(secret);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('The portfolio summary', () => {
  it('lists accounts not developing for 2+ months, ranks what is at stake, and counts returns', () => {
    const stalled = scoreAccount(
      input({
        account: { id: '001B', name: 'Fabrikam Foods', annualRevenue: 90_000_000 },
        hours: series([6, 5, 4, 3]),
        ratings: null,
      }),
    );
    const fine = scoreAccount(input());
    const s = portfolioSummary([fine, stalled], { submitted: 5, expected: 6 });
    expect(s.notDeveloping).toEqual([{ name: 'Fabrikam Foods', months: 3 }]);
    expect(s.atStake.map((a) => a.name)).toEqual(['Fabrikam Foods', 'Northwind Logistics']);
    expect(s.atStake.map((a) => a.currency)).toEqual(['GBP', 'GBP']);
    expect(JSON.stringify(portfolioCard('Q3 2026', s))).toMatch(/asset value GBP \d{1,3}(,\d{3})+; /);
    expect(s.largestGaps).toEqual([{ name: 'Northwind Logistics', element: 'Responsiveness', gap: 3 }]);
    expect(s.ratingRounds).toEqual({ answered: 1, expected: 2 });
    expect(isQuarterEnd('2026-09')).toBe(true);
    expect(isQuarterEnd('2026-10')).toBe(false);
  });
});

describe('Purity', () => {
  it('the scoring core and domain rules import no I/O library', () => {
    for (const dir of ['src/core/scoring', 'src/core/domain']) {
      for (const f of readdirSync(join(import.meta.dirname, '..', '..', dir))) {
        const text = readFileSync(join(import.meta.dirname, '..', '..', dir, f), 'utf8');
        expect(text, `${dir}/${f}`).not.toMatch(
          /from '(node:|pg|@electric-sql|botbuilder|botframework|jsforce|restify|pino)/,
        );
      }
    }
  });
});
