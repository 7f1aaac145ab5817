import { tenantOf } from '../../../adapters/teams/tenant-of.ts';
import { CloudAdapter, type Activity } from 'botbuilder';
import {
  AuthenticationError,
  type AuthenticateRequestResult,
  type BotFrameworkAuthentication,
} from 'botframework-connector';
import type { Logger } from '../../../platform/log/logger.ts';
import { incomingActivitySchema, nulCharacterPath } from '../activity-schema.ts';
import type { BotResponse, Turn } from '../turn.ts';
import { ClientReusingAuthentication } from './client-reusing-authentication.ts';
import { turnOf } from './turn-of-context.ts';

/** The token errors of jsonwebtoken, which botbuilder lets through unwrapped (e.g. "invalid signature"). */
const tokenErrorNames = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * 401 for every problem with the token; 503 when the token could not be checked at all (the key endpoint was
 * unreachable), so that Teams retries rather than the message being dropped as unauthorised.
 */
function authFailureStatus(error: unknown): 401 | 503 {
  if (error instanceof AuthenticationError) return error.statusCode >= 500 ? 503 : 401;
  return error instanceof Error && tokenErrorNames.has(error.name) ? 401 : 503;
}

/**
 * botbuilder's CloudAdapter with the order of checks this product needs: validate the body, verify the JWT
 * (botbuilder's own validation), refuse tenants that are not allow-listed, and only then run any handler. An
 * incoming request's outbound clients are built once per service URL, not on every request; a proactive turn still
 * gets its own (ClientReusingAuthentication).
 */
export class PulseAdapter extends CloudAdapter {
  constructor(
    auth: BotFrameworkAuthentication,
    private readonly allowedTenantIds: ReadonlySet<string>,
    private readonly log: Logger,
    onTurnError: (turn: Turn, error: Error) => Promise<void>,
  ) {
    super(new ClientReusingAuthentication(auth));
    this.onTurnError = (context, error) => onTurnError(turnOf(context), error);
  }

  /** Processes one request body; never throws for bad input, only for bugs in the turn logic. */
  async receive(body: unknown, authHeader: string, logic: (turn: Turn) => Promise<void>): Promise<BotResponse> {
    const parsed = incomingActivitySchema.safeParse(body);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      this.log.warn({ reason }, 'rejected a malformed activity');
      return { status: 400, body: { error: { code: 'BadArgument', message: reason } } };
    }
    const nulAt = nulCharacterPath(body);
    if (nulAt) {
      this.log.warn({ at: nulAt }, 'rejected an activity holding a NUL character');
      const message = `${nulAt}: contains a NUL character (U+0000), which no field may hold`;
      return { status: 400, body: { error: { code: 'BadArgument', message } } };
    }
    const activity = parsed.data;
    const ids = { activityId: activity.id, conversationId: activity.conversation.id, activityType: activity.type };
    let auth: AuthenticateRequestResult;
    try {
      auth = await this.botFrameworkAuthentication.authenticateRequest(activity as unknown as Activity, authHeader);
    } catch (error) {
      const status = authFailureStatus(error);
      this.log.warn({ ...ids, status, reason: (error as Error).message }, 'rejected an unauthenticated request');
      return status === 401
        ? { status, body: { error: { code: 'Unauthorized', message: 'Request is not authorized.' } } }
        : { status, body: { error: { code: 'ServiceUnavailable', message: 'Cannot verify requests right now.' } } };
    }
    const tenantId = tenantOf(activity);
    if (this.allowedTenantIds.size > 0 && (!tenantId || !this.allowedTenantIds.has(tenantId))) {
      this.log.warn({ ...ids, tenantId }, 'rejected an activity from a tenant that is not allow-listed');
      return {
        status: 403,
        body: { error: { code: 'TenantNotAllowed', message: 'This tenant may not use this bot.' } },
      };
    }
    const invokeResponse = await this.processActivity(auth, activity as unknown as Activity, (context) =>
      logic(turnOf(context)),
    );
    return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body };
  }
}
