import { demoPeople } from '../salesforce/demo/demo-org.ts';
import type { TabStore } from '../store/tab-store.ts';
import type { SharedChannels } from './shared-channels.ts';
import type { SignedInIdentity } from './tab-viewer.ts';

/** The demo organisation's tenant in the local preview (the Agents Playground's tenant, .m365agentsplayground.yml). */
export const PREVIEW_HOST_TENANT = '7d1e0a2c-4b6f-4e3a-9c85-0f2b6d9a1e10';
/** The demo client's own tenant: Northwind Logistics' people sign in there. */
export const PREVIEW_CLIENT_TENANT = '3b9f6c2d-8e41-4a7b-b5d0-6e2f1a9c4d77';
/** The demo shared channel between us and Northwind Logistics. */
export const PREVIEW_SHARED_CHANNEL = '19:northwind-shared@thread.tacv2';
const PREVIEW_SHARED_ACCOUNT = 'Northwind Logistics';

/** Someone the local preview can be: the demo account managers and leaders, and one client user of the demo. */
export interface PreviewUser {
  id: string;
  name: string;
  title: string;
  kind: 'internal' | 'client';
}

const CLIENT = {
  id: 'avery',
  name: 'Avery Brooks',
  title: 'Head of Procurement, Northwind Logistics (client)',
  email: 'avery.brooks@northwindlogistics.example',
};

/** The preview's users, Dana (an account manager with three accounts) first. */
export const previewUsers: readonly PreviewUser[] = [
  ...[...demoPeople]
    .sort((a, b) => (a.key === 'dana' ? -1 : b.key === 'dana' ? 1 : 0))
    .map((p) => ({ id: p.key, name: p.name, title: p.title, kind: 'internal' as const })),
  { id: CLIENT.id, name: CLIENT.name, title: CLIENT.title, kind: 'client' },
];

/** The identity a preview user signs in with, as a token would carry it; undefined for an unknown id. */
export function previewIdentity(userId: string): SignedInIdentity | undefined {
  if (userId === CLIENT.id)
    return { tenantId: PREVIEW_CLIENT_TENANT, oid: null, login: CLIENT.email, name: CLIENT.name };
  const p = demoPeople.find((d) => d.key === userId);
  return p && { tenantId: PREVIEW_HOST_TENANT, oid: null, login: p.email, name: p.name };
}

/** The preview's one shared channel: Northwind Logistics with the demo client tenant. */
export function previewSharedChannels(store: Pick<TabStore, 'keyAccountIdByName'>): SharedChannels {
  return {
    async lookup(channelId) {
      if (channelId !== PREVIEW_SHARED_CHANNEL) return undefined;
      const accountId = await store.keyAccountIdByName(PREVIEW_SHARED_ACCOUNT);
      return accountId ? { channelId, accountId, clientTenantIds: [PREVIEW_CLIENT_TENANT] } : undefined;
    },
  };
}
