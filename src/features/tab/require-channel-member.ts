import type { ChannelRoster } from '../../core/ports/channel-roster.ts';
import { signedInRoster } from './signed-in-roster.ts';
import { TabRefusal } from './tab-refusal.ts';
import type { SignedInIdentity } from './tab-viewer.ts';

/**
 * Refuses anyone the channel's roster does not list, in the token's own tenant: what a channel's tab shows is for the
 * channel's members, as the rating card is (a client user who knows the channel id is not one). A roster that cannot
 * be read (Teams busy, the app not in the channel or its team) is a refusal saying so, never a fault.
 */
export async function requireChannelMember(
  roster: ChannelRoster,
  identity: SignedInIdentity,
  channelId: string,
): Promise<void> {
  let member: Awaited<ReturnType<ChannelRoster['member']>>;
  try {
    member = identity.oid ? await signedInRoster(roster, identity).member(channelId, identity.oid) : undefined;
  } catch (error) {
    throw new TabRefusal(
      503,
      'ROSTER_UNAVAILABLE',
      'Partnership Pulse could not check who is in this channel just now, so its view is not shown. Try again in a ' +
        'minute; if this stays, ask the account team to check that the app is still added to this channel and its team.',
      { cause: error },
    );
  }
  if (!member)
    throw new TabRefusal(
      403,
      'NotChannelMember',
      'This view is for the members of this channel, and Teams does not list you among them. Ask the account team to ' +
        'add you to the channel.',
    );
}
