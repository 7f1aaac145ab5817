import type { OutboxStore } from '../store/outbox-store.ts';
import { parsePeriod, type Period } from '../../core/domain/period.ts';
import type { TeamsDelivery } from './teams-delivery.ts';

/**
 * Every kind of Teams message the product queues, with what identifies one. The outbox key is built from it here
 * and parsed back here, so a producer and the code that reads a delivery's outcome cannot disagree on its format.
 */
type TeamsMessage =
  /** The monthly check-in prompt to one account manager (once per period). */
  | { kind: 'prompt'; period: Period; sfUserId: string }
  /** A reminder to one account manager (each reminder once per period). */
  | { kind: 'reminder'; period: Period; sfUserId: string; which: 'remind1' | 'remind2' }
  /** An account's internal scorecard posted to its linked channel (once per period). */
  | { kind: 'scorecard'; period: Period; accountId: string }
  /** An update in place of that post, when late data changed the card (the latest one wins). */
  | { kind: 'scorecard-update'; period: Period; accountId: string }
  /** The quarterly portfolio summary to a tenant's leadership channel (once per quarter). */
  | { kind: 'portfolio'; period: Period; tenantId: string }
  /** A rating round's card (and its opening note), once per round in the shared or the internal channel. */
  | { kind: 'rating-card'; roundId: string; place: RatingPlace }
  /** The reminder before a round closes, once per round: in the shared channel (naming no one), and the response rate in the internal one. */
  | { kind: 'rating-reminder'; roundId: string; place: RatingPlace }
  /** A round's results: the joint scorecard (shared) or the fuller internal view, once per round. */
  | { kind: 'rating-results'; roundId: string; place: RatingPlace }
  /** A reminder to one of ours about their action: before it is due, and once past it (each once per due date). */
  | { kind: 'action-reminder'; actionId: string; which: string }
  /** The weekly digest of an account's joint action plan in its shared channel (once per week, by its Monday). */
  | { kind: 'action-digest'; accountId: string; week: string };

/** Where a rating message goes: the channel shared with the client, or the account's internal channel. */
export type RatingPlace = 'shared' | 'internal';

const ROUND_KINDS = ['rating-card', 'rating-reminder', 'rating-results'] as const;

/** The outbox key of a Teams message: `<period>:<subject>:<suffix>`. */
function teamsMessageKey(message: TeamsMessage): string {
  switch (message.kind) {
    case 'prompt':
      return `${message.period}:${message.sfUserId}:prompt`;
    case 'reminder':
      return `${message.period}:${message.sfUserId}:${message.which}`;
    case 'scorecard':
    case 'scorecard-update':
      return `${message.period}:${message.accountId}:scorecard`;
    case 'portfolio':
      return `${message.period}:${message.tenantId}:portfolio`;
    case 'rating-card':
    case 'rating-reminder':
    case 'rating-results':
      return `${message.kind}:${message.roundId}:${message.place}`;
    case 'action-reminder':
      return `${message.kind}:${message.actionId}:${message.which}`;
    case 'action-digest':
      return `${message.kind}:${message.accountId}:${message.week}`;
  }
}

/** The key prefix shared by every message of a kind for one period (to list, say, a period's posted scorecards). */
export function teamsMessagePeriodPrefix(period: Period): string {
  return `${period}:`;
}

/** Reads an outbox row's object and key back into the message it identifies; undefined for anything else. */
export function parseTeamsMessage(object: string, key: string): TeamsMessage | undefined {
  const [rawPeriod, subject, suffix, ...rest] = key.split(':');
  const kind = ROUND_KINDS.find((k) => k === rawPeriod);
  if (kind) {
    if (object !== kind || !subject || rest.length || (suffix !== 'shared' && suffix !== 'internal')) return undefined;
    return { kind, roundId: subject, place: suffix };
  }
  if ((rawPeriod === 'action-reminder' || rawPeriod === 'action-digest') && object === rawPeriod && subject && suffix)
    return rest.length
      ? undefined
      : rawPeriod === 'action-reminder'
        ? { kind: rawPeriod, actionId: subject, which: suffix }
        : { kind: rawPeriod, accountId: subject, week: suffix };
  const period = parsePeriod(rawPeriod ?? '');
  if (!period || !subject || rest.length) return undefined;
  if (object === 'prompt' && suffix === 'prompt') return { kind: 'prompt', period, sfUserId: subject };
  if (object === 'reminder' && (suffix === 'remind1' || suffix === 'remind2'))
    return { kind: 'reminder', period, sfUserId: subject, which: suffix };
  if ((object === 'scorecard' || object === 'scorecard-update') && suffix === 'scorecard')
    return { kind: object, period, accountId: subject };
  if (object === 'portfolio' && suffix === 'portfolio') return { kind: 'portfolio', period, tenantId: subject };
  return undefined;
}

/**
 * Queues a Teams message for the delivery engine (mirrors `queueSalesforceUpsert`): a post, prompt or reminder is
 * queued once per key, ever (true when it was queued now); an update replaces the pending update of the same key.
 * Call it with the transaction that records what the message means, so both happen or neither.
 */
export async function queueTeamsMessage(
  outbox: Pick<OutboxStore, 'enqueue' | 'enqueueOnce'>,
  message: TeamsMessage,
  delivery: TeamsDelivery,
): Promise<boolean> {
  const key = teamsMessageKey(message);
  const payload: Record<string, unknown> = { ...delivery };
  if (message.kind === 'scorecard-update') {
    await outbox.enqueue('teams', message.kind, key, payload);
    return true;
  }
  return outbox.enqueueOnce('teams', message.kind, key, payload);
}
