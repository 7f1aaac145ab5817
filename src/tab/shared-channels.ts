/** A shared channel linked to a key account, and the client tenants whose members may see its joint view. */
export interface SharedChannel {
  channelId: string;
  accountId: string;
  clientTenantIds: readonly string[];
}

/**
 * Where the tab learns which shared channel belongs to which account and client tenants. Linking shared
 * channels is the ratings issue's (`link` in a channel with client members); until it is wired in, Teams mode
 * knows none and the local preview knows the demo's.
 */
export interface SharedChannels {
  lookup(channelId: string): Promise<SharedChannel | undefined>;
}

/** No shared channel linked (Teams mode until shared-channel links exist). */
export const noSharedChannels: SharedChannels = { lookup: async () => undefined };

/** A fixed list: the local preview's demo shared channel. */
export function fixedSharedChannels(channels: readonly SharedChannel[]): SharedChannels {
  return { lookup: async (channelId) => channels.find((c) => c.channelId === channelId) };
}
