import type { Config, SalesforceSettings } from '../config/config.ts';
import type { Database } from '../store/database.ts';
import { tabStore } from '../store/tab-store.ts';
import { createTabService } from '../tab/tab-service.ts';
import { entraTokenVerifier } from '../tab/entra-token.ts';
import { noSharedChannels, type SharedChannels } from '../tab/shared-channels.ts';
import {
  PREVIEW_HOST_TENANT,
  PREVIEW_SHARED_CHANNEL,
  previewSharedChannels,
  previewUsers,
} from '../tab/preview-users.ts';
import { loadTabBundle } from './tab-bundle.ts';
import type { TabRouteDeps } from './tab-routes.ts';

/** The account's page in Salesforce: a My Domain opens the record directly, a login URL after signing in. */
export function salesforceRecordUrl(settings: SalesforceSettings): (accountId: string) => string | null {
  const login = settings.connection?.loginUrl;
  if (!login) return () => null;
  const origin = new URL(login).origin;
  return /\.my\.salesforce\.com$/i.test(new URL(login).hostname)
    ? (id) => `${origin}/${encodeURIComponent(id)}`
    : (id) => `${origin}/?startURL=${encodeURIComponent(`/${id}`)}`;
}

/**
 * Assembles the tab: in Teams mode the API takes Entra SSO tokens; in local mode (loopback only, no app id) it is
 * the local preview, signed in as one of the demo users with the demo's shared channel.
 */
export async function createTabRouteDeps(
  config: Config,
  db: Database,
  rootDir: string,
  overrides: { sharedChannels?: SharedChannels } = {},
): Promise<TabRouteDeps> {
  const preview = config.bot === undefined;
  const bundle = await loadTabBundle(rootDir);
  const service = createTabService({
    db,
    scoringSettings: config.scoringSettings,
    homeTenantIds: preview ? [PREVIEW_HOST_TENANT] : config.allowedTenantIds.map((t) => t.toLowerCase()),
    sharedChannels: overrides.sharedChannels ?? (preview ? previewSharedChannels(tabStore(db)) : noSharedChannels),
    salesforceUrl: salesforceRecordUrl(config.salesforce),
  });
  return preview
    ? {
        service,
        bundle,
        auth: { mode: 'preview', defaultUserId: 'dana' },
        boot: { mode: 'preview', previewUsers, previewSharedChannel: PREVIEW_SHARED_CHANNEL },
      }
    : {
        service,
        bundle,
        auth: { mode: 'entra', verify: config.tabSso && entraTokenVerifier(config.tabSso) },
        boot: { mode: 'teams' },
      };
}
