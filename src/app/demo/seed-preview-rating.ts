import type { Database } from '../../adapters/store/database.ts';
import { ratingsStore } from '../../adapters/store/ratings-store.ts';
import { channelLinksStore } from '../../adapters/store/channel-links-store.ts';
import { tabStore } from '../../adapters/store/tab-store.ts';
import { ROUND_DAYS } from '../../features/ratings/rating-rounds.ts';
import {
  PREVIEW_CLIENT_TENANT,
  PREVIEW_HOST_TENANT,
  PREVIEW_SHARED_ACCOUNT,
  PREVIEW_SHARED_CHANNEL,
} from './preview-users.ts';

/**
 * The local preview's rating round, so a newcomer can rate after `npm start`: the demo shared channel is stored as
 * Northwind's shared link (demo tenant, demo client tenant), and while the demo's finished round is Northwind's
 * latest (nobody has run a round since) a round is open for ROUND_DAYS. Local mode only: in Teams the account team
 * links their real shared channel and opens rounds themselves. Returns what it added.
 */
export async function seedPreviewRating(db: Database, now: Date): Promise<{ linked: boolean; opened: boolean }> {
  const accountId = await tabStore(db).keyAccountIdByName(PREVIEW_SHARED_ACCOUNT);
  if (!accountId) return { linked: false, opened: false };
  const links = channelLinksStore(db);
  let linked = false;
  if (!(await links.ofAccount(accountId, 'shared')) && !(await links.byChannel(PREVIEW_SHARED_CHANNEL))) {
    await links.linkShared({
      channelId: PREVIEW_SHARED_CHANNEL,
      teamId: null,
      tenantId: PREVIEW_HOST_TENANT,
      accountId,
      clientTenantIds: [PREVIEW_CLIENT_TENANT],
      linkedBy: 'demo',
      linkedAt: now,
    });
    linked = true;
  }
  const store = ratingsStore(db);
  const last = await store.lastClosedRound(accountId);
  const opened =
    !(await store.openRoundOf(accountId)) &&
    last?.openedBy === 'demo' &&
    !!(await store.openRound(accountId, 'demo preview', now, new Date(now.getTime() + ROUND_DAYS * 24 * 3600_000)));
  return { linked, opened };
}
