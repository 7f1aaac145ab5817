/**
 * Names from Salesforce (accounts, people, meeting subjects) are shown in cards as text: Teams renders Markdown in
 * TextBlocks, FactSets and toggle titles (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format),
 * so a name like `Contoso [pay here](http://evil.example)` would otherwise be a link, on the joint scorecard in the
 * channel shared with the client too. The store keeps the true name (the tab shows it as text); the cards do not.
 */
import { PINNED_AT } from '../support/test-clock.ts';
import { describe, expect, it } from 'vitest';
import { scoringSample } from '../../scripts/cards/card-samples.ts';
import { qbrMeeting, samplePeriod, submittedReturn } from '../support/sample-return.ts';
import { clientSafe, scoreAccount } from '../../src/core/scoring/scorecard.ts';
import { portfolioSummary } from '../../src/core/scoring/portfolio.ts';
import { scorecardCard } from '../../src/features/cards/scorecard-card.ts';
import {
  internalRatingsCard,
  jointScorecardCard,
  ratingFormCard,
  ratingRoundCard,
} from '../../src/features/cards/rating-cards.ts';
import { linkChannelCard, linkSharedCard } from '../../src/features/cards/link-channel-card.ts';
import { logMeetingCard } from '../../src/features/cards/log-meeting-card.ts';
import { portfolioCard } from '../../src/features/cards/portfolio-card.ts';
import { promptCard, returnFormCard, returnSavedCard } from '../../src/features/cards/monthly-return-cards.ts';

const ACCOUNT = 'Contoso [pay here](http://evil.example) **urgent** <at>Dana</at>';
const SUBJECT = 'QBR [agenda](https://evil.example/a) _now_';
const PERSON = '**Ava** [Novak](http://evil.example)';
/** What would render as a link, a mention or emphasis. */
const MARKUP = /\]\(|https?:\/\/evil|<at>|\*\*urgent|\*\*Ava|_now_/;

const meeting = { ...qbrMeeting, subject: SUBJECT, clientNames: [PERSON, 'Ben Singh'] };
const scorecard = scoreAccount({
  ...scoringSample(),
  account: { id: '001000000000001AAA', name: ACCOUNT, annualRevenue: 62_000_000 },
  thisReturn: submittedReturn({ meetings: [meeting] }),
});
const account = { id: '001000000000001AAA', name: ACCOUNT };

const cards: Record<string, () => unknown> = {
  'internal scorecard': () => scorecardCard(scorecard),
  'joint scorecard': () => jointScorecardCard(clientSafe(scorecard), 3),
  'internal rating results': () => internalRatingsCard(scorecard, 3),
  'rating round': () =>
    ratingRoundCard({
      accountName: ACCOUNT,
      roundId: 'r1',
      closesAt: new Date(PINNED_AT),
      minRaters: 3,
      memberIds: [],
    }),
  'rating form': () =>
    ratingFormCard(
      {
        rater: { accountName: ACCOUNT, side: 'client' },
        round: { id: 'r1', closesAt: new Date(PINNED_AT) },
        elements: [],
        saved: undefined,
        done: [],
      },
      { memberIds: [] },
    ),
  'link confirmation': () =>
    linkSharedCard(
      {
        accountId: account.id,
        accountName: ACCOUNT,
        tenants: [{ tenantId: 't2', people: 1, domains: ['evil.example](http://x'] }],
      },
      '',
    ),
  'link choice': () => linkChannelCard([account]),
  'log meeting': () => logMeetingCard([account], PINNED_AT.slice(0, 10)),
  portfolio: () => portfolioCard('quarter', portfolioSummary([scorecard], { submitted: 1, expected: 1 })),
  'monthly prompt': () => promptCard(samplePeriod, [{ ...account, status: 'pending', verdictText: null }], false),
  'monthly return form': () =>
    returnFormCard({
      period: samplePeriod,
      accountId: account.id,
      accountName: ACCOUNT,
      verdictText: '',
      values: {
        meetings: [{ ...meeting, keep: true }],
        // A calendar meeting: its subject and the addresses in its reasons come from Graph, as anyone typed them.
        calendarMeetings: [
          {
            ...meeting,
            sfEventId: null,
            calendarEventId: 'AAMk1=',
            keep: true,
            notes: ['not in Salesforce, not counted: [pay](http://evil.example)@client.example, **urgent**@x.example'],
          },
        ],
        extraMeetings: [],
        noMeetings: false,
        activities: [],
        ballWith: 'client',
        riskFlags: [],
        nextStep: '',
        stage: '',
        jointPlan: false,
        sharedMeasures: false,
      },
    }),
  'monthly return saved': () =>
    returnSavedCard({
      period: samplePeriod,
      accountName: ACCOUNT,
      ret: submittedReturn({ meetings: [meeting] }),
      verdictText: '',
      closed: false,
      justSaved: true,
    }),
};

describe('Salesforce names in cards (clock at 4 Nov 2026, 10:00 UTC)', () => {
  for (const [name, card] of Object.entries(cards))
    it(
      `When an account, a contact or a meeting in Salesforce is named with Markdown, then the ${name} card ` +
        `shows it as plain text (no link, mention or emphasis)`,
      () => {
        const bound = JSON.stringify(card());
        expect(bound).not.toMatch(MARKUP);
        expect(bound).toContain('Contoso pay here');
      },
    );

  it('When the internal scorecard explains the hours meeting by meeting, then the Salesforce subject is there as plain text', () => {
    const bound = JSON.stringify(scorecardCard(scorecard));
    expect(bound).toContain('2026-10-06 QBR agenda(https: //evil.example/a) now: 4 client people x 2 h = 8.0.');
  });

  it('When the return form lists a meeting, then its subject and client attendees are plain text', () => {
    const bound = JSON.stringify(cards['monthly return form']!());
    expect(bound).toContain('QBR agenda(https: //evil.example/a) now (Ava Novak(http: //evil.example), Ben Singh)');
  });
});
