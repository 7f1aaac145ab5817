import fc from 'fast-check';
import { VERBS } from '../../src/features/cards/verbs.ts';
import { MAX_EVENT_MINUTES } from '../../src/core/domain/count-meeting.ts';
import { ACTIVITY_TYPES, BALL_WITH, RISK_FLAGS } from '../../src/core/domain/monthly-return.ts';
import { hostileString } from './hostile-values.ts';
import { plusDays } from '../../src/core/domain/local-time.ts';
import {
  dateOutside,
  longerThan,
  notAScore,
  notOneOf,
  only,
  outOfRange,
  type Refused,
  refusedAs,
} from './invalid-inputs.ts';

/** Card data as Teams submits it: input values are strings; a spoil may also send null (a value the card never has). */
export type CardData = Record<string, string | null>;

/** Spoils of a verb's accepted data by the rule each breaks: what is sent over that data, which the rule refuses. */
export type Spoils = Record<string, Refused<CardData>>;

/** What the spoils of the card verbs refer to: the accepted data they spoil and the world's ids. */
export interface SpoilContext {
  /** The open check-in month (YYYY-MM) and the month a meeting logged now belongs to. */
  period: string;
  thisMonth: string;
  /** The account the data names, the asker's other accounts (owned or on the team), and one they are not on the team of. */
  account: string;
  otherMine: readonly string[];
  foreign: string;
  /** The Salesforce event ids the return form was built from. */
  eventIds: readonly string[];
  /** The element the accepted rating rates, the open round, and the client's tenant. */
  element: string;
  roundId: string;
  clientTenant: string;
  /** Today (YYYY-MM-DD, UTC): an action is due from today to a year ahead. */
  today: string;
}

/** An account id of none of the asker's accounts: another team's, unknown, malformed, empty. */
const notMine = (c: SpoilContext): Refused => ({
  edges: [c.foreign, '', `${c.account.slice(0, 14)}X`],
  more: fc.oneof(hostileString, fc.constant('')).filter((a) => !a.startsWith(c.account.slice(0, 15))),
});

/** Where the place is the account's (a linked channel, its round): any other account, the asker's other ones too. */
const anotherAccount = (c: SpoilContext): Refused => {
  const others = notMine(c);
  return { ...others, edges: [...c.otherMine, ...others.edges] };
};

/** A started meeting row `n<j>` that is complete and valid but for `over`. */
const meetingRow = (c: SpoilContext, j: number, over: { date?: string; minutes?: string; clients?: string } = {}) => ({
  [`n${j}_date`]: over.date ?? `${c.period}-12`,
  [`n${j}_minutes`]: over.minutes ?? '60',
  [`n${j}_clients`]: over.clients ?? '2',
  [`n${j}_f2f`]: 'true',
});

/** Meetings adding up to more client man-hours than a month holds (2,000 h): just over it, and well over. */
const overMonthBound = (c: SpoilContext): Refused<CardData> => ({
  edges: [meetingRow(c, 0, { minutes: '1200', clients: '101' })],
  more: fc
    .integer({ min: 300, max: 1440 })
    .chain((m) => fc.integer({ min: Math.floor(120_000 / m) + 1, max: 500 }).map((n) => [m, n] as const))
    .map(([m, n]) => meetingRow(c, 0, { minutes: String(m), clients: String(n) })),
});

/** A risk flag that is not one of the known ones (a list is split at commas and trimmed). */
const unknownFlag: Refused = {
  edges: ['constructor', 'Price pressure', 'price-pressure'],
  more: fc
    .string({ minLength: 1, maxLength: 20 })
    .filter((f) => f.trim() !== '' && !f.includes(',') && !Object.hasOwn(RISK_FLAGS, f.trim())),
};

/** A stage that is not empty and not 1 to 5. */
const notAStage: Refused = {
  edges: ['0', '6', '1.5'],
  more: fc.string({ maxLength: 4 }).filter((s) => s.trim() !== '' && !/^[1-5]$/.test(s.trim())),
};

/** A return the form's rules refuse: each spoil breaks one rule. */
function returnSpoils(c: SpoilContext): Spoils {
  const kept: Spoils = c.eventIds.length
    ? {
        'a Salesforce meeting kept with minutes out of range': refusedAs(outOfRange(0, MAX_EVENT_MINUTES), (v) => ({
          m0_keep: 'true',
          m0_minutes: v,
        })),
        'a Salesforce meeting kept with attendees out of range': refusedAs(outOfRange(0, 500), (v) => ({
          m0_keep: 'true',
          m0_clients: v,
        })),
        'a Salesforce meeting named twice': only({ eventIds: [...c.eventIds, c.eventIds[0]!].join(',') }),
      }
    : {};
  return {
    'an added meeting with minutes out of range': refusedAs(outOfRange(1, 1440), (v) =>
      meetingRow(c, 0, { minutes: v }),
    ),
    'an added meeting with attendees out of range': refusedAs(outOfRange(0, 500), (v) =>
      meetingRow(c, 1, { clients: v }),
    ),
    'an added meeting on no day of the month': refusedAs(dateOutside(c.period), (v) => meetingRow(c, 0, { date: v })),
    'more client man-hours than a month holds': overMonthBound(c),
    '"no meetings" with a meeting': only({ noMeetings: 'true', ...meetingRow(c, 1) }),
    ...kept,
    'a Salesforce meeting the form was not built from': only({
      eventIds: [...c.eventIds, '00U000000000000ZZZ'].join(','),
    }),
    'a key activity of no known kind': refusedAs(notOneOf(ACTIVITY_TYPES), (t) => ({
      a0_title: 'Joint workshop',
      a0_type: t,
      a0_date: `${c.period}-12`,
    })),
    'a key activity on no day of the month': refusedAs(dateOutside(c.period), (d) => ({
      a1_title: 'Renewal call',
      a1_type: 'renewal_step',
      a1_date: d,
    })),
    'the ball with nobody known': refusedAs(notOneOf(BALL_WITH), (b) => ({ ballWith: b })),
    'a stage off the 1-5 scale': refusedAs(notAStage, (s) => ({ stage: s })),
    'an unknown risk flag': refusedAs(unknownFlag, (f) => ({ riskFlags: `price_pressure,${f}` })),
    'a next step longer than a line': refusedAs(longerThan(200), (s) => ({ nextStep: s })),
    'a month that is not open': refusedAs(
      { edges: ['2026-02', '2026-04', '2026-3'], more: hostileString.filter((p) => p !== c.period) },
      (p) => ({ period: p }),
    ),
    'an account that is not mine': refusedAs(notMine(c), (a) => ({ accountId: a })),
  };
}

/** A meeting to log that its rules refuse: no date of this month, minutes or attendees out of range, not my account. */
function meetingSpoils(c: SpoilContext): Spoils {
  return {
    'minutes out of range': refusedAs(outOfRange(1, 1440), (v) => ({ minutes: v })),
    'attendees out of range': refusedAs(outOfRange(0, 500), (v) => ({ clients: v })),
    'no day of this month': refusedAs(dateOutside(c.thisMonth), (v) => ({ date: v })),
    'nothing filled in': only({ date: '', minutes: '', clients: '' }),
    'an account that is not mine': refusedAs(notMine(c), (a) => ({ accountId: a })),
  };
}

/** A link of a linked channel to another account (it keeps its link), one the asker is not on the team of, or none. */
function linkSpoils(c: SpoilContext): Spoils {
  return {
    'another account than the linked one': refusedAs(anotherAccount(c), (a) => ({ accountId: a })),
    'no account at all': only({ accountId: null }),
  };
}

/** A shared-channel link naming no client tenant the roster shows, or another account. */
function linkSharedSpoils(c: SpoilContext): Spoils {
  const noClient: Refused = {
    edges: ['', 'aaaaaaaa-0000-4000-8000-000000000001', 'cccccccc-0000-4000-8000-000000000003', 'x'.repeat(2001)],
    more: fc.string({ maxLength: 60 }).filter((t) => !t.toLowerCase().includes(c.clientTenant.toLowerCase())),
  };
  return {
    'no client tenant of the roster ticked': refusedAs(noClient, (t) => ({ tenants: t })),
    'another account than the linked one': refusedAs(anotherAccount(c), (a) => ({ accountId: a })),
  };
}

/** A rating its rules refuse: a score off the scale, an element not the account's, another round or account, no answer. */
function ratingSpoils(c: SpoilContext): Spoils {
  const unknownElement: Refused = {
    edges: [`${c.account}-99`, `${c.foreign}-5`, c.element.toLowerCase(), 'none'],
    more: hostileString.filter((e) => e !== '' && !e.startsWith(c.account)),
  };
  return {
    'a performance off the 1-5 scale': refusedAs(notAScore, (v) => ({ [`p_${c.element}`]: v })),
    'an importance off the 1-5 scale': refusedAs(notAScore, (v) => ({ [`i_${c.element}`]: v })),
    "an element not the account's": refusedAs(unknownElement, (e) => ({ [`p_${e}`]: '3', [`i_${e}`]: '3' })),
    "a comment on an element not the account's": refusedAs(unknownElement, (e) => ({
      comment: 'Invoices arrive late',
      commentElementId: e,
    })),
    'a round that is not the open one': refusedAs(
      { edges: ['', `${c.roundId}x`, 'x'.repeat(101)], more: fc.string().filter((r) => r !== c.roundId) },
      (r) => ({ roundId: r }),
    ),
    "an account that is not the channel's": refusedAs(anotherAccount(c), (a) => ({ accountId: a })),
    'a comment longer than 1000 characters': refusedAs(longerThan(1000), (s) => ({ comment: s })),
    'no element rated': only({ [`p_${c.element}`]: '' }),
  };
}

/**
 * An action its rules refuse (issue 27): a due date that is no real date from today to a year ahead, a title that is
 * not 2 to 200 plain characters, an owner who is not in the channel (or is a property name), something it answers
 * that is not one of the account's elements or irritants, a visibility that is no choice.
 */
function actionSpoils(c: SpoilContext): Spoils {
  const day = (offset: number) => plusDays(c.today, offset);
  const notADueDate: Refused = {
    edges: [
      day(-1),
      day(367),
      '2026-02-30',
      `${c.today.slice(0, 4)}-13-01`,
      '',
      c.today.split('-').reverse().join('/'),
    ],
    more: fc.oneof(
      fc
        .integer({ min: -40_000, max: 40_000 })
        .filter((d) => d < 0 || d > 366)
        .map(day),
      fc.string({ maxLength: 20 }).filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s)),
    ),
  };
  const notATitle: Refused = {
    edges: ['', 'x', ' \u200b ', '[pay](https://evil.example)', 'see www.evil.example', '**bold**', 'y'.repeat(201)],
    more: fc.oneof(longerThan(200).more!, fc.string({ maxLength: 1 })),
  };
  const notAnOwner: Refused = {
    edges: ['', 'aad-third', 'aad-marco', 'constructor', '__proto__', `${'x'.repeat(201)}`],
    more: fc.string({ maxLength: 40 }).filter((o) => !o.startsWith('aad-')),
  };
  const notAnswered: Refused = {
    edges: ['e:__proto__', 'e:', 'i:x', 'x:y', `e:${c.element}x`, `e:${c.foreign}-1`, `e:${'z'.repeat(300)}`],
    more: fc.string({ minLength: 1, maxLength: 30 }).filter((a) => a !== `e:${c.element}`),
  };
  return {
    'a due date that is no real date from today to a year ahead': refusedAs(notADueDate, (d) => ({ due: d })),
    'a title that is not 2 to 200 plain characters': refusedAs(notATitle, (t) => ({ title: t })),
    'an owner not offered in this channel': refusedAs(notAnOwner, (o) => ({ owner: o })),
    "something it answers that is not the account's": refusedAs(notAnswered, (a) => ({ about: a })),
    'a visibility that is no choice': refusedAs(notOneOf({ joint: 'Joint', internal: 'Internal' }), (v) => ({
      visibility: v,
    })),
    'no title, owner or date': only({ title: null, owner: null, due: null }),
  };
}

/** The spoils of each card verb that stores something; the verbs that only read have none (they never store). */
export const SPOILS: Partial<Record<string, (c: SpoilContext) => Spoils>> = {
  [VERBS.saveReturn]: returnSpoils,
  [VERBS.logMeeting]: meetingSpoils,
  [VERBS.linkChannel]: linkSpoils,
  [VERBS.linkShared]: linkSharedSpoils,
  [VERBS.saveRating]: ratingSpoils,
  [VERBS.saveAction]: actionSpoils,
};
