import type { Clock } from '../../core/domain/clock.ts';
import { z } from 'zod';
import type { Database } from '../../adapters/store/database.ts';
import type { Logger } from '../../platform/log/logger.ts';
import { ratingsStore, type RatingRound, type SavedResponse } from '../../adapters/store/ratings-store.ts';
import { channelLinksStore } from '../../adapters/store/channel-links-store.ts';
import { PulseError } from '../../core/pulse-error.ts';
import { DEFAULT_ELEMENTS } from '../../core/scoring/round-results.ts';
import { rosterUnreadable } from '../../adapters/teams/connector-roster.ts';
import type { ChannelRoster } from '../../core/ports/channel-roster.ts';
import { whatWasDone } from './action-plan.ts';
import { resolveRater, type Rater } from './resolve-rater.ts';
import { accountManagerFor } from '../people/account-manager-for.ts';
import { plainName, plainText } from '../../core/domain/plain-text.ts';
import type { RatingForm } from '../../core/domain/rating-form.ts';

/** What the rating use cases need. */
interface RatingDeps {
  db: Database;
  log: Logger;
  /** No client number is shown with fewer client raters than this. */
  minRaters: number;
  now: Clock;
}

const score = z.coerce.number().int().min(1, 'must be 1 to 5').max(5, 'must be 1 to 5');

/**
 * A submitted rating, as plain data from any surface (the bot's card, the tab's form). It names the round the form
 * was shown for, but never the account, the side or the rater: those come from the channel and the roster.
 */
const rateRequest = z.object({
  roundId: z.string().min(1).max(100),
  /** Optional: a form that names its account must name the channel's (else the form is not for here). */
  accountId: z.string().max(100).optional(),
  answers: z
    .array(z.object({ elementId: z.string().min(1).max(100), performance: score, importance: score }))
    .min(1, 'rate at least one element')
    .max(30),
  /** Echoed (as an irritant) into both channels: plain text only, so no link or markup reaches either side. */
  comment: z
    .string()
    .max(1000)
    .transform((c) => plainText(c, 1000))
    .nullish(),
  commentElementId: z.string().min(1).max(100).nullish(),
});

const roundNotOpen = () =>
  new PulseError(
    'ROUND_NOT_OPEN',
    'This rating round is closed (or this card is not for this channel), so nothing was saved.',
  );

/** A submitted rating (see `rateRequest`). */
export type RateRequest = z.infer<typeof rateRequest>;

/** Whether a stored response holds what a save would store (its answers in any order). */
function sameResponse(stored: SavedResponse | undefined, next: SavedResponse): boolean {
  const answers = (r: SavedResponse) =>
    JSON.stringify(r.answers.map((a) => [a.elementId, a.performance, a.importance]).sort());
  return (
    stored !== undefined &&
    stored.side === next.side &&
    stored.comment === next.comment &&
    stored.commentElementId === next.commentElementId &&
    answers(stored) === answers(next)
  );
}

/**
 * How an open round is being answered, for the internal channel (`rate status`, the reminder): counts only. Once the
 * round closes, its response rate is `core/scoring/response-rate.ts`, from the same counts.
 */
interface RoundProgress {
  rated: number;
  /** The client's members of the shared channel; null when its roster cannot be read (`unreadable` says why). */
  clientMembers: number | null;
  unreadable?: string;
  internalRated: number;
}

/**
 * The rating use cases both the bot's card and the tab's form call. Each takes plain ids (the channel the person
 * is in and their user id, from the authenticated activity or token) and a roster port, and returns plain data.
 */
export function ratings(deps: RatingDeps) {
  const store = ratingsStore(deps.db);
  const now = deps.now;

  /** The account's open round (the one named, when `roundId` is given), else `refusal`. */
  const openRoundFor = async (
    accountId: string,
    roundId?: string,
    refusal: () => PulseError = roundNotOpen,
  ): Promise<RatingRound> => {
    const round = await store.openRoundOf(accountId);
    if (!round || round.closesAt <= now() || (roundId !== undefined && round.id !== roundId)) throw refusal();
    return round;
  };

  /** A rater's form: their own saved answers, and what was done since the last round as their channel may show it. */
  const formOf = async (
    rater: Rater,
    round: { id: string; closesAt: Date },
    elements: readonly { id: string; name: string; level: string }[],
  ): Promise<RatingForm> => ({
    rater: { accountName: rater.accountName, side: rater.side },
    round: { id: round.id, closesAt: round.closesAt },
    elements: elements.map((e) => ({ id: e.id, name: e.name, level: e.level })),
    saved: await store.responseOf(round.id, rater.raterKey),
    done: await whatWasDone(deps.db, rater.accountId, rater.channel.purpose === 'shared' ? 'shared' : 'internal'),
  });

  return {
    /** The anonymity threshold the cards state. */
    minRaters: deps.minRaters,

    /** The form for the person asking: their own saved answers only, or a polite refusal. */
    async form(channelId: string, userId: string, roster: ChannelRoster): Promise<RatingForm> {
      const rater = await resolveRater(deps.db, roster, channelId, userId);
      // Shown where it was asked: the client reads only that none is open; the team, how to open one.
      const round = await openRoundFor(
        rater.accountId,
        undefined,
        () =>
          new PulseError(
            'ROUND_NOT_OPEN',
            `No rating round is open for ${plainName(rater.accountName)} ` +
              `now.${rater.side === 'internal' ? ' Start one with "start rating round" in the internal channel.' : ''}`,
          ),
      );
      return formOf(rater, round, await store.activeElements(rater.accountId, DEFAULT_ELEMENTS));
    },

    /**
     * Saves one person's rating of the open round of the channel's account, replacing their earlier answers.
     * Refused, with nothing stored, when the person may not rate here, the round is not the open one, or an
     * element is not one of the account's; `request` is validated here (zod), so callers may pass raw input.
     */
    async rate(channelId: string, userId: string, request: unknown, roster: ChannelRoster): Promise<RatingForm> {
      const rater = await resolveRater(deps.db, roster, channelId, userId);
      const parsed = rateRequest.safeParse(request);
      if (!parsed.success)
        throw new PulseError(
          'BAD_RATING',
          `Nothing was saved: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.`,
        );
      if (parsed.data.accountId !== undefined && parsed.data.accountId !== rater.accountId)
        throw new PulseError('ROUND_NOT_OPEN', 'This card is not for this channel, so nothing was saved.');
      const round = await openRoundFor(rater.accountId, parsed.data.roundId);
      const elements = await store.activeElements(rater.accountId, DEFAULT_ELEMENTS);
      if (!elements.length)
        throw new PulseError('UNKNOWN_ELEMENT', 'This account has no elements to rate now, so nothing was saved.');
      const known = new Set(elements.map((e) => e.id));
      const ids = [...parsed.data.answers.map((a) => a.elementId), parsed.data.commentElementId ?? elements[0]!.id];
      if (ids.some((id) => !known.has(id)))
        throw new PulseError('UNKNOWN_ELEMENT', 'This card is out of date (an element changed), so nothing was saved.');
      if (new Set(parsed.data.answers.map((a) => a.elementId)).size !== parsed.data.answers.length)
        throw new PulseError('BAD_RATING', 'Nothing was saved: an element was rated twice.');
      const comment = parsed.data.comment || null;
      const response: SavedResponse = {
        side: rater.side,
        comment,
        commentElementId: comment ? (parsed.data.commentElementId ?? null) : null,
        answers: parsed.data.answers,
      };
      const saved = await deps.db.transaction(async (tx) => {
        const txStore = ratingsStore(tx);
        // The same answers saved again (the action delivered twice) change nothing, as a return saved twice does.
        if (sameResponse(await txStore.responseOf(round.id, rater.raterKey), response)) return true;
        return txStore.saveResponse(round.id, rater.raterKey, response);
      });
      // The round closed between the check above and the save: nothing was stored.
      if (!saved) throw roundNotOpen();
      // Ids and counts only: never the answers, the comment or who gave them.
      deps.log.info({ roundId: round.id, side: rater.side, elements: parsed.data.answers.length }, 'rating saved');
      return formOf(rater, round, elements);
    },

    /** Who is asking here, as for a rating: the account and the side (or a polite refusal). */
    async who(
      channelId: string,
      userId: string,
      roster: ChannelRoster,
    ): Promise<{ accountId: string; side: Rater['side'] }> {
      const rater = await resolveRater(deps.db, roster, channelId, userId);
      return { accountId: rater.accountId, side: rater.side };
    },

    /** The account of this internal channel, for someone on its team (who may open rounds and see the rate). */
    async teamAccountOf(channelId: string, teamsUserId: string): Promise<string> {
      const links = channelLinksStore(deps.db);
      const link = await links.byChannel(channelId);
      if (link?.purpose !== 'account' || !link.accountId)
        throw new PulseError(
          'NOT_INTERNAL_CHANNEL',
          "Use this in the account's internal channel (the one linked to the account with link).",
        );
      const me = await accountManagerFor(deps.db, teamsUserId);
      if (!(await links.isOnAccountTeam(me.sfUserId, link.accountId)))
        throw new PulseError('NOT_ON_ACCOUNT_TEAM', 'Only the account team can do this.');
      return link.accountId;
    },

    /** How many of the client's members of the shared channel have rated the account's open round. */
    responseRate: (accountId: string, roster: ChannelRoster) => responseRateOf(deps.db, accountId, roster),
  };
}

/** How many of the client's members of the shared channel have rated the account's open round (counts only). */
export async function responseRateOf(
  db: Database,
  accountId: string,
  roster: ChannelRoster,
): Promise<RoundProgress | undefined> {
  const round = await ratingsStore(db).openRoundOf(accountId);
  const shared = await channelLinksStore(db).ofAccount(accountId, 'shared');
  if (!round || !shared) return undefined;
  const clients = new Set(shared.clientTenantIds.map((t) => t.toLowerCase()));
  const counts = await ratingsStore(db).raterCounts(round.id);
  try {
    const members = (await roster.members(shared.channelId)).filter((m) => clients.has(m.tenantId.toLowerCase()));
    return { rated: counts.client, clientMembers: members.length, internalRated: counts.internal };
  } catch (error) {
    // A channel gone or closed to the app is an answer the team can act on; anything else is a fault.
    const unreadable = rosterUnreadable(error);
    if (!unreadable) throw error;
    return { rated: counts.client, clientMembers: null, unreadable, internalRated: counts.internal };
  }
}

/** The response rate as the internal channel says it. */
export function responseRateText(rate: RoundProgress): string {
  if (rate.clientMembers === null)
    return (
      `${rate.rated} client members have rated; ${rate.internalRated} of the account team. How many client members ` +
      `the shared channel has could not be read: ${rate.unreadable}. If the channel shared with the client has changed, ` +
      'link the new one there (type link in it).'
    );
  return `${rate.rated} of ${rate.clientMembers} client members have rated; ${rate.internalRated} of the account team.`;
}

/** The rating use cases. */
export type Ratings = ReturnType<typeof ratings>;
