import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from '../../platform/log/logger.ts';
import { describeError } from '../../platform/log/describe-error.ts';

/**
 * The one place a failed turn ends: logs the ids (never the activity, which may hold tokens or personal data)
 * and tells the user, with a reference they can give to support. An event nobody reads an answer to (an install,
 * a roster change) is failed back to the channel instead (HTTP 500): answering 200 would acknowledge an
 * installation that was never stored, e.g. while the database is unreachable.
 */
export function createTurnErrorHandler(log: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const a = context.activity;
    const reference = a.id ?? 'unknown';
    log.error(
      {
        activityId: a.id,
        activityType: a.type,
        conversationId: a.conversation?.id,
        tenantId: a.conversation?.tenantId,
        error: describeError(error),
      },
      'turn failed',
    );
    if (a.type !== ActivityTypes.Message && a.type !== ActivityTypes.Invoke)
      throw new Error(`the ${a.type} activity ${reference} was not processed`, { cause: error });
    try {
      await context.sendActivity(
        `Sorry, something went wrong on our side and nothing was changed. Please try again in a minute. (Reference: ${reference})`,
      );
    } catch (sendError) {
      log.error({ activityId: a.id, error: describeError(sendError) }, 'could not tell the user about the failed turn');
    }
  };
}
