/** A bound example of every card template: the card test validates them and `npm run cards:render` draws them. */
import { helpCard } from '../../src/features/cards/help-card.ts';
import { buildRoutes } from '../../src/edge/bot/routes.ts';
import { promptCard, returnFormCard, returnSavedCard } from '../../src/features/cards/monthly-return-cards.ts';
import type { Period } from '../../src/core/domain/period.ts';
import { logMeetingCard } from '../../src/features/cards/log-meeting-card.ts';
import { linkChannelCard } from '../../src/features/cards/link-channel-card.ts';
import { scorecardCard } from '../../src/features/cards/scorecard-card.ts';
import { portfolioCard } from '../../src/features/cards/portfolio-card.ts';
import { portfolioSummary } from '../../src/core/scoring/portfolio.ts';
import { clientSafe, scoreAccount, type ScorecardInput } from '../../src/core/scoring/scorecard.ts';
import { linkSharedCard } from '../../src/features/cards/link-channel-card.ts';
import { jointScorecardCard, ratingFormCard, ratingRoundCard } from '../../src/features/cards/rating-cards.ts';
import { actionFormCard } from '../../src/features/cards/action-cards.ts';
import { DEFAULT_ELEMENTS } from '../../src/core/scoring/round-results.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';
import { qbrMeeting, samplePeriod, submittedReturn } from '../../test/support/sample-return.ts';
import { changedNote, changesNotice, figuresOf } from '../../src/core/domain/salesforce-changes.ts';

/** The instant the samples are bound at: 4 November 2026, 10:00 UTC, while October's check-in is open. */
export const SAMPLE_NOW = new Date('2026-11-04T10:00:00Z');

/** Northwind in October as the seed example has it (6.0 then 8.0 client man-hours), with a rating round. */
export const scoringSample = (): ScorecardInput => ({
  period,
  account: { id: '001000000000001AAA', name: 'Northwind Logistics', annualRevenue: 62_000_000 },
  totalKeyAccountRevenue: 600_000_000,
  hours: new Map([
    ['2026-08' as Period, 2],
    ['2026-09' as Period, 6],
    ['2026-10' as Period, 8],
  ]),
  thisReturn: submittedReturn({ meetings: [meeting] }),
  lastReturn: null,
  peopleMet: [
    { id: 'c1', level: 'executive' },
    { id: 'c2', level: 'management' },
    { id: 'c3', level: 'operational' },
    { id: 'c4', level: 'operational' },
  ],
  casesPerWeek: [0, 0, 1, 0, 0, 1, 0, 0, 0],
  ratings: [
    {
      element: 'Responsiveness',
      raterId: 'client-1',
      side: 'client',
      performance: 2,
      importance: 5,
      comment: 'Slow answers on delivery changes',
    },
    { element: 'Responsiveness', raterId: 'us-1', side: 'internal', performance: 4, importance: 5, comment: null },
    {
      element: 'Quality of delivery',
      raterId: 'client-1',
      side: 'client',
      performance: 4,
      importance: 4,
      comment: null,
    },
    { element: 'Quality of delivery', raterId: 'us-1', side: 'internal', performance: 4, importance: 4, comment: null },
  ],
  opportunities: [{ amount: 250_000, closeDate: '2027-02-01', isRenewal: true }],
  currency: 'GBP',
  sponsorLeft: false,
  stageAssessment: { stage: 4, jointPlan: true, sharedMeasures: false },
  scoringSettings: DEFAULT_SCORING_SETTINGS,
});

const period = samplePeriod;
const meeting = { ...qbrMeeting, clientNames: ['Ava Novak', 'Ben Singh'] };

/** A bound example of every card template; a new template without one fails the first test. */
export const samples: Record<string, () => Record<string, unknown>> = {
  'portfolio-summary': () =>
    portfolioCard(
      'quarter to September 2026',
      portfolioSummary([scoreAccount(scoringSample())], { submitted: 2, expected: 3 }),
    ).content as Record<string, unknown>,
  scorecard: () => scorecardCard(scoreAccount(scoringSample())).content as Record<string, unknown>,
  'link-channel': () =>
    linkChannelCard(
      [{ id: '001000000000001AAA', name: 'Northwind Logistics' }],
      'That account is already linked to another channel: unlink it there first.',
    ).content as Record<string, unknown>,
  'log-meeting': () =>
    logMeetingCard([{ id: '001000000000001AAA', name: 'Northwind Logistics' }], SAMPLE_NOW.toISOString().slice(0, 10), {
      text: 'Logged for Northwind Logistics',
      ok: true,
    }).content as Record<string, unknown>,
  help: () => helpCard(buildRoutes().commandList()).content as Record<string, unknown>,
  'monthly-prompt': () =>
    promptCard(
      period,
      [
        {
          id: '001000000000001AAA',
          name: 'Northwind Logistics',
          status: 'submitted',
          verdictText: '8.0 h, up from 6.0: developing',
        },
        { id: '001000000000002AAA', name: 'Contoso Pharma', status: 'pending', verdictText: null },
      ],
      false,
    ).content as Record<string, unknown>,
  'monthly-return-form': () =>
    returnFormCard({
      period,
      accountId: '001000000000001AAA',
      accountName: 'Northwind Logistics',
      verdictText: '8.0 h, up from 6.0: developing',
      values: {
        meetings: [
          {
            ...meeting,
            keep: true,
            edited: true,
            notes: [changedNote(figuresOf(meeting), { ...figuresOf(meeting), minutes: 90 })],
          },
        ],
        calendarMeetings: [
          {
            sfEventId: null,
            calendarEventId: 'AAMkAD000001=',
            contactIds: ['003000000000001AAA'],
            date: '2026-10-09',
            subject: 'Lunch with Ava Novak',
            minutes: 90,
            clientAttendees: 1,
            ourAttendees: 1,
            faceToFace: true,
            clientNames: ['Ava Novak'],
            notes: [
              'a meeting place: face to face',
              'not in Salesforce, not counted: j.doe@northwind.example (add them as contacts to count them)',
            ],
            keep: true,
          },
        ],
        extraMeetings: [
          { date: '', minutes: null, clients: null, faceToFace: true },
          { date: '2026-10-20', minutes: 60, clients: 2, faceToFace: false },
        ],
        noMeetings: false,
        activities: [
          { title: 'Joint plan signed', type: 'milestone', date: '2026-10-14' },
          { title: '', type: 'milestone', date: '' },
        ],
        ballWith: 'client',
        riskFlags: ['price_pressure'],
        nextStep: 'Send the renewal proposal',
        stage: '4',
        jointPlan: true,
        sharedMeasures: false,
      },
      errors: {
        m0: 'Minutes must be a whole number from 1 to 1440 (24 h).',
        ballWith: 'Say who has the ball for the next step.',
      },
      salesforceChanges: {
        text: changesNotice(
          {
            changed: new Map([[meeting.sfEventId!, figuresOf(meeting)]]),
            added: new Set(),
            gone: [{ ...meeting, sfEventId: '00U000000000009AAA', subject: 'Working lunch', date: '2026-10-20' }],
          },
          false,
        ),
        canTake: true,
      },
    }).content as Record<string, unknown>,
  'monthly-return-saved': () =>
    returnSavedCard({
      period,
      accountName: 'Northwind Logistics',
      verdictText: '8.0 h, up from 6.0: developing',
      closed: false,
      justSaved: true,
      ret: submittedReturn({
        meetings: [meeting],
        riskFlags: [],
        nextStep: null,
        submittedBy: '29:x',
        submittedAt: SAMPLE_NOW,
      }),
    }).content as Record<string, unknown>,
  'link-shared': () =>
    linkSharedCard(
      {
        accountId: '001000000000001AAA',
        accountName: 'Northwind Logistics',
        tenants: [
          {
            tenantId: 'bbbbbbbb-0000-4000-8000-000000000002',
            people: 4,
            domains: ['northwind.example'],
          },
          { tenantId: 'cccccccc-0000-4000-8000-000000000003', people: 1, domains: ['consultants.example'] },
        ],
      },
      "This channel has members from 2 other organisations: tick only the client's, since a consultant's " +
        "or partner's people must not rate as the client. Link it as the channel shared with the client of " +
        'Northwind Logistics?',
    ).content as Record<string, unknown>,
  'rating-round': () =>
    ratingRoundCard({
      accountName: 'Northwind Logistics',
      roundId: '20261102-a1b2c3',
      closesAt: new Date('2026-11-16T09:00:00Z'),
      minRaters: 3,
      memberIds: ['29:dana', '29:chris'],
    }).content as Record<string, unknown>,
  'action-form': () =>
    actionFormCard(
      {
        accountName: 'Northwind Logistics',
        place: 'internal',
        about: [
          ...DEFAULT_ELEMENTS.map((e, i) => ({ value: `e:001000000000001AAA-${i + 1}`, title: e.name })),
          { value: 'i:1', title: 'Irritant: Tickets wait for days' },
        ],
        owners: [
          { value: 'aad-dana', title: 'Dana Whitfield (ours)' },
          { value: 'aad-sam', title: 'Sam Okafor (ours)' },
        ],
        minDate: '2026-11-04',
        maxDate: '2027-11-05',
      },
      { text: 'Added "Weekly delivery call" for Dana Whitfield, due 2026-12-01.', ok: true },
    ).content as Record<string, unknown>,
  'rating-form': () =>
    ratingFormCard(
      {
        rater: { accountName: 'Northwind Logistics', side: 'client' },
        round: { id: '20261102-a1b2c3', closesAt: new Date('2026-11-16T09:00:00Z') },
        elements: DEFAULT_ELEMENTS.map((e, i) => ({ id: `001000000000001AAA-${i + 1}`, ...e })),
        saved: {
          side: 'client',
          comment: 'Tickets wait for days',
          commentElementId: '001000000000001AAA-5',
          answers: [{ elementId: '001000000000001AAA-5', performance: 2, importance: 5 }],
        },
        done: [
          { element: 'Responsiveness', lines: ['Weekly delivery call (done by us)', 'Fixed: Tickets wait for days'] },
          { element: 'Our work together', lines: ['Send the quarterly forecast (done by you)'] },
        ],
      },
      { memberIds: ['29:dana', '29:chris'], good: true, message: 'Thank you: your answers are saved.' },
    ).content as Record<string, unknown>,
  'rating-results': () =>
    jointScorecardCard(
      clientSafe(
        scoreAccount({
          ...scoringSample(),
          // A round past MIN_RATERS: three client raters and one internal (the one shown numbers come from).
          ratings: [
            ...[
              [2, 5, 4, 4],
              [1, 4, 4, 3],
              [3, 5, 5, 3],
            ].flatMap(([p1, i1, p2, i2], r) => [
              {
                element: 'Responsiveness',
                raterId: `c${r}`,
                side: 'client' as const,
                performance: p1!,
                importance: i1!,
              },
              {
                element: 'Quality of delivery',
                raterId: `c${r}`,
                side: 'client' as const,
                performance: p2!,
                importance: i2!,
              },
            ]),
            { element: 'Responsiveness', raterId: 'i1', side: 'internal', performance: 4, importance: 4 },
          ],
          irritants: [
            { title: 'Tickets wait for days', element: 'Responsiveness', status: 'in_progress', raisedBy: 'client' },
          ],
        }),
      ),
      3,
    ).content as Record<string, unknown>,
};
