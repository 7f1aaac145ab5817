/** One member of a channel as the Bot Connector roster reports them (TeamsChannelAccount). */
export interface ChannelMember {
  /** The Teams user id (`29:...`), for `refresh.userIds`. */
  teamsUserId: string;
  aadObjectId: string;
  /** The member's own tenant: in a shared channel, the client's for the client's people. */
  tenantId: string;
  /** UPN or e-mail, to map one of ours to Salesforce. */
  login: string | null;
  /** The display name Teams gives, to offer them as an action's owner; null when the roster has none. */
  name: string | null;
}

/**
 * The roster of a channel: the edge that can read it (the bot's connector in a turn, or the adapter outside one)
 * implements it; the rating use cases decide who someone is from it, never from card data.
 */
export interface ChannelRoster {
  /** The member by Teams user id or Entra object id; undefined when they are not (or no longer) in the channel. */
  member(channelId: string, userId: string): Promise<ChannelMember | undefined>;
  /** Everyone in the channel. */
  members(channelId: string): Promise<ChannelMember[]>;
}
