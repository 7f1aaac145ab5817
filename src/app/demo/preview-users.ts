import { demoPeople } from '../../stand-ins/salesforce/demo/demo-people.ts';
import type { ChannelMember, ChannelRoster } from '../../core/ports/channel-roster.ts';
import type { SignedInIdentity } from '../../features/tab/tab-viewer.ts';

/** The demo organisation's tenant in the local preview (the Agents Playground's tenant, .m365agentsplayground.yml). */
export const PREVIEW_HOST_TENANT = '7d1e0a2c-4b6f-4e3a-9c85-0f2b6d9a1e10';
/** The demo client's own tenant: Northwind Logistics' people sign in there. */
export const PREVIEW_CLIENT_TENANT = '3b9f6c2d-8e41-4a7b-b5d0-6e2f1a9c4d77';
/** The demo shared channel between us and Northwind Logistics. */
export const PREVIEW_SHARED_CHANNEL = '19:northwind-shared@thread.tacv2';
/** The account the demo shared channel belongs to (the README's walkthrough account). */
export const PREVIEW_SHARED_ACCOUNT = 'Northwind Logistics';

/** Someone the local preview can be: the demo account managers and leaders, and one client user of the demo. */
interface PreviewUser {
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
    return { tenantId: PREVIEW_CLIENT_TENANT, oid: previewObjectId(userId), login: CLIENT.email, name: CLIENT.name };
  const p = demoPeople.find((d) => d.key === userId);
  return p && { tenantId: PREVIEW_HOST_TENANT, oid: previewObjectId(userId), login: p.email, name: p.name };
}

/** The Entra object id a preview user signs in with (the preview's stand-in for a token's `oid`). */
const previewObjectId = (userId: string): string => `preview-${userId}`;

/**
 * The roster of the preview's shared channel: every preview user, ours in the demo tenant and the client user in
 * the client's, as the Bot Connector would list them. The rating use case decides from it who may rate, as in Teams.
 */
export function previewRoster(): ChannelRoster {
  const members = (channelId: string): ChannelMember[] =>
    channelId !== PREVIEW_SHARED_CHANNEL
      ? []
      : previewUsers.map((u) => {
          const identity = previewIdentity(u.id)!;
          return {
            teamsUserId: `29:${u.id}`,
            aadObjectId: identity.oid!,
            tenantId: identity.tenantId,
            login: identity.login,
            name: identity.name,
          };
        });
  return {
    member: async (channelId, userId) =>
      members(channelId).find((m) => m.aadObjectId === userId || m.teamsUserId === userId),
    members: async (channelId) => members(channelId),
  };
}
