import { clientElementLine } from '../../core/scoring/element-line.ts';
import { formatScore } from '../../core/domain/round1.ts';
import { commentLabelFor } from '../../core/domain/comment-label.ts';
import { cardAttachment, type CardAttachment } from './render-card.ts';
import { VERBS } from './verbs.ts';
import type { RatingForm } from '../../core/domain/rating-form.ts';
import type { ClientSafeScorecard, InternalScorecard } from '../../core/scoring/scorecard.ts';
import { plainName } from '../../core/domain/plain-text.ts';

/** Teams refreshes a card by itself for at most 60 user ids (PLATFORM.md, user-specific views). */
const AUTO_REFRESH_LIMIT = 60;

/** The date a round closes, as the cards say it. */
export function closesText(at: Date): string {
  return at.toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}

/**
 * The refresh that gives each listed member their own view: the member ids when there are at most 60 of them,
 * else an empty list (nobody refreshes by itself, and the card offers a manual "Show my answers").
 */
function withRefresh(card: CardAttachment, roundId: string, memberIds: readonly string[]): CardAttachment {
  const userIds = memberIds.length <= AUTO_REFRESH_LIMIT ? [...memberIds] : [];
  return {
    ...card,
    content: {
      ...card.content,
      refresh: { action: { type: 'Action.Execute', verb: VERBS.viewRating, data: { roundId } }, userIds },
    },
  };
}

/** What a round's card needs: no numbers, no names; the same card goes to the shared and the internal channel. */
interface RatingRoundView {
  accountName: string;
  roundId: string;
  closesAt: Date;
  minRaters: number;
  /** The channel's member ids, for `refresh.userIds`. */
  memberIds: readonly string[];
  /** "You said, we did" as this channel may show it: a large channel's members see no form refresh by itself. */
  done?: RatingForm['done'];
}

/** The card posted once per round: everyone sees it; each member's refresh replaces it with their own form. */
export function ratingRoundCard(v: RatingRoundView): CardAttachment {
  const card = cardAttachment('rating-round', {
    verbs: VERBS,
    title: `Rate our work with you: ${plainName(v.accountName)}`,
    intro:
      'For each element that matters most, tell us how we perform (1 worst, 5 ideal) and how important it ' +
      'is to you (1 to 5). You can change your answers until the round closes.',
    closesText: closesText(v.closesAt),
    minRaters: v.minRaters,
    roundId: v.roundId,
    manualRefresh: v.memberIds.length > AUTO_REFRESH_LIMIT,
    done: v.done ?? [],
  });
  return withRefresh(card, v.roundId, v.memberIds);
}

/** One rater's own form, with their saved answers (nobody else's) and a confirmation or refusal line. */
export function ratingFormCard(
  form: RatingForm,
  options: { message?: string; good?: boolean; memberIds: readonly string[] },
): CardAttachment {
  const saved = new Map((form.saved?.answers ?? []).map((a) => [a.elementId, a]));
  const card = cardAttachment('rating-form', {
    verbs: VERBS,
    title: `${form.rater.side === 'internal' ? 'Internal rating' : 'Your rating'}: ${plainName(form.rater.accountName)}`,
    intro:
      form.rater.side === 'internal'
        ? `As the account team, rate how we perform for the client (1 worst, 5 ideal) and how important each is to ` +
          `the client. Internal ratings are never shown to the client. Open until ${closesText(form.round.closesAt)}.`
        : `Rate how we perform (1 worst, 5 ideal) and how important each is to you. Only you see your answers. ` +
          `Open until ${closesText(form.round.closesAt)}.`,
    message: options.message ?? '',
    messageColor: options.good ? 'Good' : 'Attention',
    roundId: form.round.id,
    elements: form.elements.map((e) => ({
      id: e.id,
      name: e.name,
      level: e.level,
      performance: String(saved.get(e.id)?.performance ?? ''),
      importance: String(saved.get(e.id)?.importance ?? ''),
    })),
    commentLabel: commentLabelFor(form.rater.side),
    comment: form.saved?.comment ?? '',
    // No element is chosen for the comment until the rater chooses one: a default would file it under the wrong one.
    commentElementId: form.saved?.commentElementId ?? '',
    saveTitle: form.saved ? 'Update my answers' : 'Save my answers',
    manualRefresh: options.memberIds.length > AUTO_REFRESH_LIMIT,
    // "You said, we did": the use case chose what this rater's channel may show, and made it plain text.
    done: form.done,
  });
  return withRefresh(card, form.round.id, options.memberIds);
}

const fmt = formatScore;

/** Priorities for action, high importance and low client performance first (the scoring core's order). */
function prioritySection(priorities: readonly { element: string; importance: number; performance: number }[]) {
  return {
    heading: 'Priorities for action',
    lines: priorities.length
      ? priorities.map(
          (p, i) => `${i + 1}. ${p.element} (importance ${fmt(p.importance)}, performance ${fmt(p.performance)})`,
        )
      : ['None yet.'],
  };
}

/**
 * The joint scorecard for the shared channel, built from a `ClientSafeScorecard` alone (it cannot hold revenue,
 * status, risks, notes or internal ratings). Below MIN_RATERS client raters it shows no number at all.
 */
export function jointScorecardCard(s: ClientSafeScorecard, minRaters: number): CardAttachment {
  const r = s.clientRatings;
  const ratingLines = r?.elements.length
    ? r.elements.map(clientElementLine)
    : [
        `Not enough responses yet: numbers and comments are shown from ${minRaters} client raters on, so that no one can be recognised by their answers.`,
      ];
  return cardAttachment('rating-results', {
    verbs: VERBS,
    // A round's results lead to the plan: either side adds an action from here (issue 27).
    addAction: true,
    title: `Joint scorecard: ${plainName(s.accountName)}`,
    subtitle: 'What you told us, and what we both do about it.',
    sections: [
      {
        heading: 'Your ratings',
        lines: [
          ...(r?.performanceIndex !== null && r?.performanceIndex !== undefined
            ? [`Performance index: ${r.performanceIndex} of 100`]
            : []),
          ...ratingLines,
          ...(r?.round && r.elements.length ? [r.round.text] : []),
        ],
      },
      prioritySection(r?.priorities ?? []),
      {
        heading: 'Irritants we are fixing',
        lines: s.irritants.length
          ? s.irritants.map((i) => `${i.title}${i.element ? ` (${i.element})` : ''}: ${i.status.replace('_', ' ')}`)
          : ['None raised.'],
      },
      {
        heading: 'Time together',
        lines: [
          `Your people's hours with us last month: ${s.clientManHours === null ? 'no data' : `${fmt(s.clientManHours)} h`}`,
          ...s.keyActivities.map((a) => `${a.date}: ${a.title}`),
        ],
      },
    ],
  });
}

/** The fuller view for the internal channel: the perception gap per element and the internal ratings. */
export function internalRatingsCard(s: InternalScorecard, minRaters: number): CardAttachment {
  const r = s.ratings;
  const enough = !!r?.clientAggregates.length;
  return cardAttachment('rating-results', {
    verbs: VERBS,
    addAction: true,
    title: `Rating round closed: ${plainName(s.accountName)} (internal)`,
    subtitle:
      'Internal view: the perception gap is our rating minus the client rating. Never shown to the client. ' +
      `Client averages need ${minRaters} client raters; ours are the account team's, however few rated.`,
    sections: [
      {
        heading: 'Perception gap (internal minus client)',
        lines: enough
          ? r!.gaps.map(
              (g) =>
                `${g.element}: we ${fmt(g.internal)}, client ${fmt(g.client)}, gap ${g.gap > 0 ? '+' : ''}${fmt(g.gap)}`,
            )
          : [
              `Not enough responses yet: the client's numbers and comments are shown from ${minRaters} client raters on.`,
            ],
      },
      prioritySection(r?.priorities ?? []),
      {
        heading: 'Irritants',
        lines: s.irritants.length
          ? s.irritants.map(
              (i) =>
                `${i.title}${i.element ? ` (${i.element})` : ''}: ${i.status.replace('_', ' ')}, raised by ${i.raisedBy === 'client' ? 'the client' : 'us'}`,
            )
          : ['None raised.'],
      },
    ],
  });
}

/** A polite refusal for someone who may not rate (nothing was stored), or a closed round. */
export function refusalCard(text: string): CardAttachment {
  return cardAttachment('rating-results', {
    title: 'Rating',
    subtitle: text,
    sections: [],
  });
}
