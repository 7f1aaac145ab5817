import { commentLabelFor } from '../../core/domain/comment-label.ts';
import type { ChannelRoster } from '../../core/ports/channel-roster.ts';
import type { Ratings } from '../ratings/rate.ts';
import type { RatingForm } from '../../core/domain/rating-form.ts';
import { TabRefusal } from './tab-refusal.ts';
import { asChannelMember } from './as-channel-member.ts';
import type { SignedInIdentity } from './tab-viewer.ts';
import type { NoOpenRound, TabRatingView } from './tab-views.ts';

/** What the tab's rating form needs: the same rating use cases as the card, and a roster readable outside a turn. */
interface TabRatingDeps {
  ratings: Pick<Ratings, 'form' | 'rate' | 'minRaters'>;
  roster: ChannelRoster;
}

const toView = (form: RatingForm, minRaters: number): TabRatingView => ({
  accountName: form.rater.accountName,
  side: form.rater.side,
  commentLabel: commentLabelFor(form.rater.side),
  round: { id: form.round.id, closesAt: form.round.closesAt.toISOString() },
  elements: form.elements,
  saved: form.saved
    ? {
        answers: form.saved.answers.map((a) => ({
          elementId: a.elementId,
          performance: a.performance,
          importance: a.importance,
        })),
        comment: form.saved.comment,
        commentElementId: form.saved.commentElementId,
      }
    : null,
  minRaters,
  done: form.done,
});

/**
 * The shared channel tab's rating form: who rates (side, account) is decided by the rating use case from the
 * channel's roster and the token's object id and tenant only; the body carries answers, never an identity.
 */
export function tabRating(deps: TabRatingDeps) {
  const run = asChannelMember(deps.roster);
  return {
    /** The viewer's form (their own saved answers only), or `round: null` with the reason when no round is open. */
    async form(identity: SignedInIdentity, channelId: string): Promise<TabRatingView | NoOpenRound> {
      try {
        return await run(identity, async (oid, roster) =>
          toView(await deps.ratings.form(channelId, oid, roster), deps.ratings.minRaters),
        );
      } catch (error) {
        // No open round is the usual state of the channel, not a failure of the page.
        if (error instanceof TabRefusal && error.code === 'ROUND_NOT_OPEN')
          return { round: null, message: 'No rating round is open now, so there is nothing to rate.' };
        throw error;
      }
    },
    /** Saves the viewer's rating (replacing their earlier one); the body is validated by the use case. */
    rate: (identity: SignedInIdentity, channelId: string, body: unknown): Promise<TabRatingView> =>
      run(identity, async (oid, roster) =>
        toView(await deps.ratings.rate(channelId, oid, body, roster), deps.ratings.minRaters),
      ),
  };
}

/** The tab's rating form use cases. */
export type TabRating = ReturnType<typeof tabRating>;
