import type { Queryable } from '../../adapters/store/database.ts';
import { channelLinksStore, type ChannelLink } from '../../adapters/store/channel-links-store.ts';
import { installationsStore } from '../../adapters/store/installations-store.ts';
import { PulseError } from '../../core/pulse-error.ts';
import type { ChannelRoster } from '../../core/ports/channel-roster.ts';
import type { ConversationRef } from '../../core/ports/conversation-ref.ts';

/** Reads a roster outside a turn from a team's stored conversation reference (the adapter's, in the app). */
export type RosterFor = (teamReference: ConversationRef) => ChannelRoster;

/** The roster of a linked channel outside a turn, through its team's installation; undefined when the app left the team. */
export async function teamRosterOf(
  db: Queryable,
  rosterFor: RosterFor | undefined,
  link: Pick<ChannelLink, 'teamId'>,
): Promise<ChannelRoster | undefined> {
  const team = link.teamId ? await installationsStore(db).teamInstallation(link.teamId) : undefined;
  return rosterFor && team ? rosterFor(team.reference) : undefined;
}

/**
 * A roster of any linked channel outside a turn (the tab's rating form): finds the channel's team and reads the
 * roster as the card's turn would. Refuses, with what to do, when the app is no longer in that team.
 */
export function linkedChannelRoster(db: Queryable, rosterFor: RosterFor | undefined): ChannelRoster {
  const rosterOf = async (channelId: string): Promise<ChannelRoster> => {
    const link = await channelLinksStore(db).byChannel(channelId);
    const roster = link && (await teamRosterOf(db, rosterFor, link));
    if (!roster)
      throw new PulseError(
        'ROSTER_UNAVAILABLE',
        "Partnership Pulse cannot read this channel's members (the app is not in its team), so nobody can " +
          'rate here. Ask the account team to add the app to the team again.',
      );
    return roster;
  };
  return {
    member: async (channelId, userId) => (await rosterOf(channelId)).member(channelId, userId),
    members: async (channelId) => (await rosterOf(channelId)).members(channelId),
  };
}
