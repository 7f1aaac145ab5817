import type { Logger } from '../../platform/log/logger.ts';
import { describeError } from '../../platform/log/describe-error.ts';
import type { Turn } from './turn.ts';

/**
 * The one place a failed turn ends: logs the ids (never the activity, which may hold tokens or personal data)
 * and tells the user, with a reference they can give to support. An event nobody reads an answer to (an install,
 * a roster change) is failed back to the channel instead (HTTP 500): answering 200 would acknowledge an
 * installation that was never stored, e.g. while the database is unreachable.
 */
export function createTurnErrorHandler(log: Logger) {
  return async (turn: Turn, error: Error): Promise<void> => {
    const reference = turn.activityId ?? 'unknown';
    log.error(
      {
        activityId: turn.activityId,
        activityType: turn.activityType,
        conversationId: turn.place.conversationId,
        tenantId: turn.place.tenantId,
        error: describeError(error),
      },
      'turn failed',
    );
    if (turn.activityType !== 'message' && turn.activityType !== 'invoke')
      throw new Error(`the ${turn.activityType} activity ${reference} was not processed`, { cause: error });
    try {
      await turn.reply(
        `Sorry, something went wrong on our side and nothing was changed. Please try again in a minute. (Reference: ${reference})`,
      );
    } catch (sendError) {
      log.error(
        { activityId: turn.activityId, error: describeError(sendError) },
        'could not tell the user about the failed turn',
      );
    }
  };
}
