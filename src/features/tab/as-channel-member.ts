import { isPulseError } from '../../core/pulse-error.ts';
import type { ChannelRoster } from '../../core/ports/channel-roster.ts';
import { TabRefusal } from './tab-refusal.ts';
import { signedInRoster } from './signed-in-roster.ts';
import type { SignedInIdentity } from './tab-viewer.ts';

/** How each refusal of the channel use cases (rating, the action plan) is answered over HTTP (the page shows it). */
const STATUS: Record<string, 400 | 403 | 404 | 409 | 503> = {
  NOT_A_RATING_CHANNEL: 404,
  NOT_A_RATER: 403,
  NOT_ALLOWED: 403,
  ROUND_NOT_OPEN: 409,
  UNKNOWN_ELEMENT: 409,
  BAD_RATING: 400,
  BAD_INPUT: 400,
  ROSTER_UNAVAILABLE: 503,
};

/**
 * Runs a channel use case as the signed-in person: who they are in the channel (side, account) is decided by the use
 * case from the channel's roster, seen through the token (`signedInRoster`), and the token's object id; never from
 * the body. The use case's refusals become the tab's, with their sentence.
 */
export function asChannelMember(roster: ChannelRoster) {
  return async <T>(identity: SignedInIdentity, fn: (oid: string, roster: ChannelRoster) => Promise<T>): Promise<T> => {
    if (!identity.oid)
      throw new TabRefusal(
        403,
        'NoObjectId',
        'Your sign-in does not say who you are in Microsoft Entra, so this channel cannot tell your side.',
      );
    try {
      return await fn(identity.oid, signedInRoster(roster, identity));
    } catch (error) {
      if (!isPulseError(error)) throw error;
      throw new TabRefusal(STATUS[error.code] ?? 403, error.code, error.userText, { cause: error });
    }
  };
}
