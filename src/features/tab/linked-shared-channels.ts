import type { Queryable } from '../../adapters/store/database.ts';
import { channelLinksStore } from '../../adapters/store/channel-links-store.ts';
import type { SharedChannels } from './shared-channels.ts';

/** The shared channels the account teams linked with `link` (Teams mode): the tab's joint view reads these. */
export function linkedSharedChannels(db: Queryable): SharedChannels {
  return {
    async lookup(channelId) {
      const link = await channelLinksStore(db).byChannel(channelId);
      if (link?.purpose !== 'shared' || !link.accountId) return undefined;
      return { channelId: link.channelId, accountId: link.accountId, clientTenantIds: [...link.clientTenantIds] };
    },
  };
}
