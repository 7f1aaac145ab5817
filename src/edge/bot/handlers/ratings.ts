import type { Turn } from '../turn.ts';
import type { BotServices } from '../bot-services.ts';
import type { CardAttachment } from '../../../features/cards/render-card.ts';
import { ratingFormCard, ratingRoundCard, refusalCard } from '../../../features/cards/rating-cards.ts';
import { isPulseError } from '../../../core/pulse-error.ts';
import { commandText } from '../router.ts';
import { responseRateText, type RateRequest } from '../../../features/ratings/rate.ts';
import { channelOf } from './channel-links.ts';
import { plainName } from '../../../core/domain/plain-text.ts';

/**
 * Reads a submitted rating card into a rating request: `p_<element>` and `i_<element>` hold performance and
 * importance (an element left blank is skipped). Only the round id comes from the card's own data; the account,
 * the side and the rater are decided by the use case from the channel and the roster.
 */
function ratingRequestOf(data: Record<string, unknown>): Omit<RateRequest, 'answers'> & { answers: unknown[] } {
  const answers: unknown[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (!key.startsWith('p_')) continue;
    const elementId = key.slice(2);
    const importance = data[`i_${elementId}`];
    if (value === '' || value === undefined || importance === '' || importance === undefined) continue;
    answers.push({ elementId, performance: value, importance });
  }
  return {
    roundId: String(data.roundId ?? ''),
    ...(typeof data.accountId === 'string' ? { accountId: data.accountId } : {}),
    answers,
    comment: typeof data.comment === 'string' ? data.comment : null,
    commentElementId: typeof data.commentElementId === 'string' && data.commentElementId ? data.commentElementId : null,
  };
}

/** A refusal as a polite card (a refresh or a click from someone who may not rate); anything else propagates. */
async function politely(run: () => Promise<CardAttachment>): Promise<CardAttachment> {
  try {
    return await run();
  } catch (error) {
    if (isPulseError(error)) return refusalCard(error.userText);
    throw error;
  }
}

/**
 * Whether the answer reaches the asker only: an `adaptiveCard/action` invoke's card is the asker's own view. An
 * Action.Submit fallback replaces the message for everyone in the channel, so it must never show saved answers.
 */
const privateAnswer = (turn: Turn) => turn.answersPrivately;

/** `rating.view` (the card's refresh, Rate, Show my answers): the asker's own form with their saved answers. */
export async function viewRating(turn: Turn, services: BotServices): Promise<CardAttachment> {
  return politely(async () => {
    const { channelId } = channelOf(turn);
    const roster = turn.roster();
    const form = await services.ratings.form(channelId, turn.from.id, roster);
    const memberIds = (await roster.members(channelId)).map((m) => m.teamsUserId);
    return ratingFormCard(privateAnswer(turn) ? form : { ...form, saved: undefined }, { memberIds });
  });
}

/** `rating.save`: saves the asker's answers (replacing earlier ones) and confirms with their own view. */
export async function saveRating(
  turn: Turn,
  services: BotServices,
  data: Record<string, unknown>,
): Promise<CardAttachment> {
  return politely(async () => {
    const { channelId } = channelOf(turn);
    const roster = turn.roster();
    const form = await services.ratings.rate(channelId, turn.from.id, ratingRequestOf(data), roster);
    const memberIds = (await roster.members(channelId)).map((m) => m.teamsUserId);
    return ratingFormCard(privateAnswer(turn) ? form : { ...form, saved: undefined }, {
      memberIds,
      good: true,
      message: 'Thank you: your answers are saved. You can change them until the round closes.',
    });
  });
}

/**
 * `rate`: the open round's card again, here (no answers on it; each member's refresh shows their own);
 * `rate status` in the internal channel: the response rate.
 */
export async function showRatingCard(turn: Turn, services: BotServices): Promise<void> {
  if (commandText(turn) === 'rate status') return showRatingStatus(turn, services);
  const { channelId } = channelOf(turn);
  const roster = turn.roster();
  const form = await services.ratings.form(channelId, turn.from.id, roster);
  const memberIds = (await roster.members(channelId)).map((m) => m.teamsUserId);
  await turn.reply({
    cards: [
      ratingRoundCard({
        accountName: form.rater.accountName,
        roundId: form.round.id,
        closesAt: form.round.closesAt,
        minRaters: services.ratings.minRaters,
        memberIds,
        // "You said, we did" as this channel may show it: the card again, as the round's first post had it.
        done: form.done,
      }),
    ],
  });
}

/** `start rating round`: the account team opens a round from the internal channel. */
export async function startRatingRound(turn: Turn, services: BotServices): Promise<void> {
  const accountId = await services.ratings.teamAccountOf(channelOf(turn).channelId, turn.from.id);
  const s = await services.rounds.open(accountId, turn.from.id);
  await turn.reply(
    `A rating round for ${plainName(s.accountName)} is open until ` +
      `${new Date(s.closesAt).toUTCString().slice(0, 16)}: the rating card is posted in the shared channel ` +
      `and here.`,
  );
}

/**
 * `rating cadence [monthly|quarterly]`: how often the account's rating rounds open on their own; the account team
 * changes it from the account's internal channel.
 */
export async function ratingCadence(turn: Turn, services: BotServices): Promise<void> {
  const accountId = await services.ratings.teamAccountOf(channelOf(turn).channelId, turn.from.id);
  const choice = commandText(turn).slice(RATING_CADENCE.length).trim();
  await turn.reply(
    choice
      ? await services.rounds.setCadence(accountId, choice)
      : `${await services.rounds.cadenceText(accountId)} Change it with rating cadence monthly or rating cadence quarterly.`,
  );
}

/** The command's name, as routes declares it. */
export const RATING_CADENCE = 'rating cadence';

/** `rate status`: the response rate of the open round, in the internal channel (counts only). */
async function showRatingStatus(turn: Turn, services: BotServices): Promise<void> {
  const accountId = await services.ratings.teamAccountOf(channelOf(turn).channelId, turn.from.id);
  const rate = await services.ratings.responseRate(accountId, turn.roster());
  await turn.reply(
    rate ? responseRateText(rate) : 'No rating round is open for this account. Type start rating round to open one.',
  );
}
