/** A shared channel linked to a key account, and the client tenants whose members may see its joint view. */
interface SharedChannel {
  channelId: string;
  accountId: string;
  clientTenantIds: readonly string[];
}

/**
 * Where the tab learns which shared channel belongs to which account and client tenants: the links the account
 * teams made with `link` (linked-shared-channels.ts; the local preview's demo channel is one such stored link).
 */
export interface SharedChannels {
  lookup(channelId: string): Promise<SharedChannel | undefined>;
}
