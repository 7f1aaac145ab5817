import type { Clock } from '../core/domain/clock.ts';
import type { Config, SalesforceSettings } from '../platform/config/config.ts';
import type { Database } from '../adapters/store/database.ts';
import { createTabService } from '../features/tab/tab-service.ts';
import { entraTokenVerifier } from '../features/tab/entra-token.ts';
import type { SharedChannels } from '../features/tab/shared-channels.ts';
import { linkedSharedChannels } from '../features/tab/linked-shared-channels.ts';
import { tabRating } from '../features/tab/tab-rating.ts';
import { tabActions } from '../features/tab/tab-actions.ts';
import type { ActionPlan } from '../features/ratings/action-plan.ts';
import type { Ratings } from '../features/ratings/rate.ts';
import { linkedChannelRoster, type RosterFor } from '../features/ratings/linked-channel-roster.ts';
import {
  PREVIEW_HOST_TENANT,
  PREVIEW_SHARED_CHANNEL,
  previewIdentity,
  previewRoster,
  previewUsers,
} from './demo/preview-users.ts';
import { loadTabBundle } from './tab-bundle.ts';
import type { TabRouteDeps } from '../edge/http/tab-routes.ts';

/** The account's page in Salesforce: a My Domain opens the record directly, a login URL after signing in. */
function salesforceRecordUrl(settings: SalesforceSettings): (accountId: string) => string | null {
  const login = settings.connection?.loginUrl;
  if (!login) return () => null;
  const origin = new URL(login).origin;
  return /\.my\.salesforce\.com$/i.test(new URL(login).hostname)
    ? (id) => `${origin}/${encodeURIComponent(id)}`
    : (id) => `${origin}/?startURL=${encodeURIComponent(`/${id}`)}`;
}

/** What the tab shares with the bot: the rating use cases, and (Teams mode) the roster reader outside a turn. */
interface TabWiring {
  now: Clock;
  /** Told when the tab's bundle is built before the server listens (a first start, or after web/tab/ changed). */
  onBuild?: () => void;
  ratings: Ratings;
  actions: ActionPlan;
  rosterFor?: RosterFor;
  /** Which shared channel belongs to which account (default: the stored shared-channel links). */
  sharedChannels?: SharedChannels;
}

/**
 * Assembles the tab: in Teams mode the API takes Entra SSO tokens and reads channel rosters through the adapter;
 * in local mode (loopback only, no app id) it is the local preview, signed in as one of the demo users, whose
 * shared channel's roster is the demo's preview users.
 */
export async function createTabRouteDeps(
  config: Config,
  db: Database,
  rootDir: string,
  wiring: TabWiring,
): Promise<TabRouteDeps> {
  const preview = config.bot === undefined;
  const bundle = await loadTabBundle(rootDir, wiring.onBuild);
  const roster = preview ? previewRoster() : linkedChannelRoster(db, wiring.rosterFor);
  const service = createTabService({
    db,
    scoringSettings: config.scoringSettings,
    homeTenantIds: preview ? [PREVIEW_HOST_TENANT] : config.allowedTenantIds.map((t) => t.toLowerCase()),
    sharedChannels: wiring.sharedChannels ?? linkedSharedChannels(db),
    roster,
    salesforceUrl: salesforceRecordUrl(config.salesforce),
    now: wiring.now,
    orgTimeZone: config.orgTimeZone,
  });
  const rating = tabRating({ ratings: wiring.ratings, roster });
  const actions = tabActions({ actions: wiring.actions, roster });
  return preview
    ? {
        service,
        rating,
        actions,
        bundle,
        auth: { mode: 'preview', defaultUserId: 'dana', identityOf: previewIdentity },
        boot: { mode: 'preview', previewUsers, previewSharedChannel: PREVIEW_SHARED_CHANNEL },
      }
    : {
        service,
        rating,
        actions,
        bundle,
        auth: { mode: 'entra', verify: config.tabSso && entraTokenVerifier(config.tabSso) },
        boot: { mode: 'teams' },
      };
}
