import { z } from 'zod';
import { describeError } from '../../platform/log/describe-error.ts';
import type { Logger } from '../../platform/log/logger.ts';
import { ratingsStore, type RatingRound } from '../../adapters/store/ratings-store.ts';
import { irritantsStore } from '../../adapters/store/irritants-store.ts';
import { channelLinksStore, type ChannelLink } from '../../adapters/store/channel-links-store.ts';
import { outboxStore } from '../../adapters/store/outbox-store.ts';
import { isPulseError, PulseError } from '../../core/pulse-error.ts';
import { queueTeamsMessage, type RatingPlace } from '../../adapters/teams/teams-messages.ts';
import { queueSalesforceUpsert } from '../../adapters/salesforce-outbox/salesforce-writes.ts';
import { DEFAULT_ELEMENTS, roundResults } from '../../core/scoring/round-results.ts';
import { minRatersOf } from '../../core/scoring/settings.ts';
import { clientSafe } from '../../core/scoring/scorecard.ts';
import { lastEndedPeriod } from '../../core/domain/period.ts';
import { buildScorecard, type ScorecardDeps } from '../scorecards/build-scorecard.ts';
import { refreshScorecardsAfterSync } from '../scorecards/post-scorecards.ts';
import { closesText, internalRatingsCard, jointScorecardCard, ratingRoundCard } from '../cards/rating-cards.ts';
import type { CardAttachment } from '../cards/render-card.ts';
import type { ChannelRoster } from '../../core/ports/channel-roster.ts';
import { channelPost } from './channel-post.ts';
import { teamRosterOf, type RosterFor } from './linked-channel-roster.ts';
import { responseRateOf, responseRateText } from './rate.ts';
import { plainName } from '../../core/domain/plain-text.ts';
import { whatWasDone } from './action-plan.ts';
import { ratersOn, responseRate } from '../../core/scoring/response-rate.ts';

/** How often the cadence opens an account's rating rounds: quarterly by default, monthly for the closest partners. */
const ratingCadenceSchema = z.enum(['quarterly', 'monthly'], {
  error: 'Say rating cadence monthly or rating cadence quarterly.',
});

/** A rating cadence. */
type RatingCadence = z.infer<typeof ratingCadenceSchema>;

/** How a cadence reads in a sentence. */
const CADENCE_TEXT: Record<RatingCadence, string> = {
  quarterly: 'each quarter (January, April, July, October)',
  monthly: 'each month',
};

/** A round is open this long unless said otherwise (the issue: 14 days). */
export const ROUND_DAYS = 14;
/** A closed round whose results are still unpublished this long after its close is published by the tick. */
export const PUBLISH_GRACE_MS = 2 * 60_000;
/** A round whose client members Teams cannot count now waits this long past its close for a later try. */
const MEMBERS_GRACE_MS = 24 * 3600_000;
/** The reminder in the shared channel goes this long before the close. */
const REMIND_BEFORE_MS = 3 * 24 * 3600_000;

/** What the round use cases need; `rosterFor` reads a channel's roster outside a turn (for refresh.userIds). */
interface RoundDeps extends ScorecardDeps {
  log: Logger;
  rosterFor?: RosterFor;
}

/** What opening, closing or a cadence tick did, for the command line and the logs. */
export interface RoundSummary {
  accountId: string;
  accountName: string;
  roundId: string;
  closesAt: string;
  queued: number;
  clientRaters?: number;
  enough?: boolean;
}

/** Opening, reminding and closing rating rounds: by command, by `npm run ratings`, or on the account's cadence. */
export function ratingRounds(deps: RoundDeps) {
  const now = deps.now;
  const store = ratingsStore(deps.db);
  const links = channelLinksStore(deps.db);
  const minRaters = minRatersOf(deps.scoringSettings);

  const post = async (
    link: ChannelLink | undefined,
    place: RatingPlace,
    kind: 'rating-card' | 'rating-reminder' | 'rating-results',
    roundId: string,
    content: { text?: string; card?: CardAttachment },
  ): Promise<number> => {
    if (!link) return 0;
    const delivery = await channelPost(deps.db, link, content);
    if (!delivery) {
      deps.log.warn(
        { roundId, place },
        'the team of a linked channel no longer has the app; rating message not posted',
      );
      return 0;
    }
    return (await queueTeamsMessage(outboxStore(deps.db), { kind, roundId, place }, delivery)) ? 1 : 0;
  };

  /** The roster of a linked channel outside a turn, when the server can read rosters. */
  const rosterOf = (link: ChannelLink): Promise<ChannelRoster | undefined> =>
    teamRosterOf(deps.db, deps.rosterFor, link);

  const memberIdsOf = async (link: ChannelLink): Promise<string[]> => {
    const roster = await rosterOf(link);
    if (!roster) return [];
    try {
      return (await roster.members(link.channelId)).map((m) => m.teamsUserId);
    } catch (error) {
      // Without the roster nobody's view opens by itself; the card's Rate button still works.
      deps.log.warn({ channelId: link.channelId, reason: (error as Error).message }, 'roster not read for refresh');
      return [];
    }
  };

  const summaryOf = (round: RatingRound, link: ChannelLink | undefined, queued: number): RoundSummary => ({
    accountId: round.accountId,
    accountName: link?.accountName ?? round.accountId,
    roundId: round.id,
    closesAt: round.closesAt.toISOString(),
    queued,
  });

  /**
   * How many of the client tenant's members the shared channel has as the round closes (its response rate's
   * denominator); null when there is no shared channel, or Teams says the app cannot read it (a gap, never a zero).
   * When Teams is busy or down, the round stays open for a later try (the cadence's next tick), for up to a day past
   * its close; after that it closes without the count rather than never.
   */
  const clientMembersNow = async (round: RatingRound): Promise<number | null> => {
    const shared = await links.ofAccount(round.accountId, 'shared');
    if (!shared) return null;
    try {
      const roster = await rosterOf(shared);
      return (roster && (await responseRateOf(deps.db, round.accountId, roster))?.clientMembers) ?? null;
    } catch (error) {
      const late = now().getTime() > round.closesAt.getTime() + MEMBERS_GRACE_MS;
      deps.log.warn(
        { roundId: round.id, reason: describeError(error), closing: late },
        late ? 'client members not read a day past the close; closing without them' : 'client members not read',
      );
      if (late) return null;
      throw new PulseError(
        'ROSTER_UNAVAILABLE',
        'Teams did not answer when asked how many client members the shared channel has, so the round stays open ' +
          'to count its response rate: try again in a few minutes (the cadence tries again by itself).',
      );
    }
  };

  const closeRound = async (round: RatingRound): Promise<RoundSummary | undefined> => {
    const clientMembers = await clientMembersNow(round);
    const closedAt = now();
    if (!(await store.closeRound(round.id, closedAt, clientMembers))) return undefined;
    return publishResults({ ...round, closedAt, clientMembers });
  };

  /**
   * Publishes a closed round's results. Every step is keyed (the irritant by round and text, each outbox row by
   * round, element, side or place), so a second run after a crash midway adds nothing twice.
   */
  const publishResults = async (round: RatingRound): Promise<RoundSummary> => {
    const shared = await links.ofAccount(round.accountId, 'shared');
    const internal = await links.ofAccount(round.accountId, 'account');
    const rows = await store.roundRatings(round.id);
    const closedAt = round.closedAt ?? now();
    const results = roundResults(
      rows.map((r) => ({ ...r, raterId: r.raterKey })),
      minRaters,
    );
    // Below the threshold a client's comment could be told apart as theirs: it is kept, never published.
    const comments = (await store.roundComments(round.id)).filter((c) => c.side === 'internal' || results.enough);
    for (const c of comments)
      await irritantsStore(deps.db).addIrritant({
        accountId: round.accountId,
        roundId: round.id,
        elementId: c.elementId,
        title: c.comment,
        raisedBy: c.side,
        raisedAt: closedAt,
      });
    // Aggregates only, per element and side; client ones only past the threshold (never one person's answers).
    const ids = new Map(rows.map((r) => [r.element, r.elementId]));
    const outbox = outboxStore(deps.db);
    const gaps = new Map(results.gaps.map((g) => [g.element, g.gap]));
    for (const [side, list] of [
      ['Client', results.client],
      ['Internal', results.internal],
    ] as const)
      for (const e of list)
        await queueSalesforceUpsert(outbox, 'Pulse_Rating__c', `${round.id}-${ids.get(e.element)}-${side}`, {
          Account__c: round.accountId,
          Round__c: round.id,
          Element__c: e.element.slice(0, 120),
          Side__c: side,
          Performance__c: e.performance,
          Importance__c: e.importance,
          Responses__c: e.raters,
          Perception_Gap__c: side === 'Client' ? (gaps.get(e.element) ?? null) : null,
        });
    // The round itself, with its response rate (the same counts the scorecard reads).
    const rate = responseRate(closedAt.toISOString().slice(0, 10), ratersOn(rows, 'client'), round.clientMembers);
    await queueSalesforceUpsert(outbox, 'Pulse_Rating_Round__c', round.id, {
      Account__c: round.accountId,
      Opened_Date__c: round.openedAt.toISOString().slice(0, 10),
      Closed_Date__c: rate.closedOn,
      Client_Raters__c: rate.rated,
      Client_Members__c: rate.members,
      Response_Rate__c: rate.percent,
      Internal_Raters__c: ratersOn(rows, 'internal'),
    });
    let queued = 0;
    const scorecard = await buildScorecard(deps, lastEndedPeriod(now()), round.accountId);
    if (scorecard) {
      queued += await post(shared, 'shared', 'rating-results', round.id, {
        card: jointScorecardCard(clientSafe(scorecard), minRaters),
      });
      queued += await post(internal, 'internal', 'rating-results', round.id, {
        card: internalRatingsCard(scorecard, minRaters),
      });
    }
    if (await refreshScorecardsAfterSync({ ...deps, log: deps.log }, now())) queued += 1;
    await store.markResultsPublished(round.id, now());
    deps.log.info(
      { roundId: round.id, accountId: round.accountId, clientRaters: results.clientRaters, enough: results.enough },
      'rating round closed',
    );
    return {
      ...summaryOf(round, shared ?? internal, queued),
      clientRaters: results.enough ? results.clientRaters : undefined,
      enough: results.enough,
    };
  };

  return {
    /** When the account's rounds open on their own, as a sentence. */
    async cadenceText(accountId: string): Promise<string> {
      return `Rating rounds open on their own ${CADENCE_TEXT[await store.cadenceOf(accountId)]}.`;
    },

    /** Sets how often the account's rounds open (the caller checked it is the account team); bad input changes nothing. */
    async setCadence(accountId: string, requested: unknown): Promise<string> {
      const parsed = ratingCadenceSchema.safeParse(requested);
      if (!parsed.success) throw new PulseError('INVALID_CADENCE', parsed.error.issues[0]!.message);
      const before = await store.cadenceOf(accountId);
      if (before === parsed.data) return `Rating rounds already open ${CADENCE_TEXT[before]}: nothing changed.`;
      await store.setCadence(accountId, parsed.data);
      deps.log.info({ accountId, cadence: parsed.data }, 'rating cadence set');
      return `Rating rounds now open on their own ${CADENCE_TEXT[parsed.data]}, from the next one on (an open round keeps its close).`;
    },

    /** Opens a round for the account (one at a time) and posts its card in the shared and the internal channel. */
    async open(accountId: string, openedBy: string, days = ROUND_DAYS): Promise<RoundSummary> {
      const shared = await links.ofAccount(accountId, 'shared');
      const internal = await links.ofAccount(accountId, 'account');
      // Without a channel shared with the client only the account team rates (the Agents Playground has one tenant).
      const home = shared ?? internal;
      if (!home)
        throw new PulseError(
          'NO_RATING_CHANNEL',
          'This account has no linked channel yet: type link in its internal channel and in the channel shared with the client.',
        );
      const openedAt = now();
      const closesAt = new Date(openedAt.getTime() + days * 24 * 3600_000);
      const round = await store.openRound(accountId, openedBy, openedAt, closesAt);
      if (!round) {
        // One round at a time: say until when the open one runs and how to reach it (nobody closes one by hand).
        const open = await store.openRoundOf(accountId);
        throw new PulseError(
          'ROUND_ALREADY_OPEN',
          `A rating round for ${plainName(home.accountName ?? accountId)} is already open` +
            `${open ? ` until ${closesText(open.closesAt)}` : ''}: type rate to see its card. The next round can ` +
            'start once it closes.',
        );
      }
      await store.activeElements(accountId, DEFAULT_ELEMENTS);
      const base = { accountName: home.accountName ?? accountId, roundId: round.id, closesAt, minRaters };
      let queued = await post(shared, 'shared', 'rating-card', round.id, {
        card: ratingRoundCard({
          ...base,
          memberIds: shared ? await memberIdsOf(shared) : [],
          done: await whatWasDone(deps.db, accountId, 'shared'),
        }),
      });
      if (internal)
        queued += await post(internal, 'internal', 'rating-card', round.id, {
          text: shared
            ? `A rating round for ${plainName(base.accountName)} is open in the shared channel until ` +
              `${closesText(closesAt)}. The account team rates here too (internal ratings are never shown to the ` +
              `client). Type rate status to see the response rate.`
            : `A rating round for ${plainName(base.accountName)} is open until ${closesText(closesAt)}. No channel ` +
              `is shared with the client yet, so only the account team rates this round (internal ratings).`,
          card: ratingRoundCard({
            ...base,
            memberIds: await memberIdsOf(internal),
            done: await whatWasDone(deps.db, accountId, 'internal'),
          }),
        });
      deps.log.info({ roundId: round.id, accountId, queued }, 'rating round opened');
      return summaryOf(round, home, queued);
    },

    /** Closes the account's open round now: scores it, posts the results, queues the aggregates for Salesforce. */
    async close(accountId: string): Promise<RoundSummary> {
      const round = await store.openRoundOf(accountId);
      if (!round) throw new PulseError('NO_OPEN_ROUND', 'No rating round is open for this account.');
      const summary = await closeRound(round);
      if (!summary) throw new PulseError('NO_OPEN_ROUND', 'That rating round was closed already.');
      return summary;
    },

    /** The cadence: opens rounds that are due (quarterly, or monthly), reminds before the close, closes due rounds. */
    async tick(): Promise<{ opened: number; reminded: number; closed: number }> {
      const at = now();
      const done = { opened: 0, reminded: 0, closed: 0 };
      // A round whose closer stopped between marking it closed and publishing its results is finished here.
      for (const round of await store.unpublishedRounds(at, PUBLISH_GRACE_MS)) {
        deps.log.warn({ roundId: round.id }, 'rating round closed without its results; publishing them now');
        // One round that cannot be published must not stop the cadence for every other account.
        try {
          await publishResults(round);
          // Its close is complete now.
          done.closed += 1;
        } catch (error) {
          deps.log.error(
            { roundId: round.id, error: describeError(error) },
            'publishing a rating round failed; the next tick tries again',
          );
        }
      }
      const { toClose, toRemind } = await store.dueRounds(at, REMIND_BEFORE_MS);
      for (const round of toClose)
        try {
          if (await closeRound(round)) done.closed += 1;
        } catch (error) {
          // Teams busy: this round closes on a later tick; the others go on.
          if (!isPulseError(error) || error.code !== 'ROSTER_UNAVAILABLE') throw error;
        }
      for (const round of toRemind) {
        const shared = await links.ofAccount(round.accountId, 'shared');
        if (!shared || !(await store.markReminded(round.id, now()))) continue;
        // Names no one: the same words for everyone, whether they rated or not.
        done.reminded += await post(shared, 'shared', 'rating-reminder', round.id, {
          text:
            `Reminder: the rating round closes on ${closesText(round.closesAt)}. If you have not rated yet, ` +
            `choose Rate on the rating card above; you can still change your answers until then.`,
        });
        // The account team gets the response rate at the same moment, in its internal channel (counts only).
        const internal = await links.ofAccount(round.accountId, 'account');
        const rate = await rosterOf(shared)
          .then((roster) => (roster ? responseRateOf(deps.db, round.accountId, roster) : undefined))
          .catch(() => undefined);
        if (internal && rate)
          await post(internal, 'internal', 'rating-reminder', round.id, {
            text: `The rating round closes on ${closesText(round.closesAt)}: ${responseRateText(rate)} The client's channel was reminded (naming no one).`,
          });
      }
      for (const link of await links.sharedChannels()) {
        if (!link.accountId || (await store.openRoundOf(link.accountId))) continue;
        const cadence = await store.cadenceOf(link.accountId);
        const last = await store.lastOpenedAt(link.accountId);
        const start = new Date(
          Date.UTC(
            at.getUTCFullYear(),
            cadence === 'monthly' ? at.getUTCMonth() : at.getUTCMonth() - (at.getUTCMonth() % 3),
            1,
          ),
        );
        // The first round comes with the first period that starts after the link (or by hand before that).
        if ((last && last >= start) || (!last && link.linkedAt >= start)) continue;
        await this.open(link.accountId, 'cadence');
        done.opened += 1;
      }
      return done;
    },
  };
}

/** The rating round use cases. */
export type RatingRounds = ReturnType<typeof ratingRounds>;
