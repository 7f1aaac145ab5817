import type { TabStore } from '../../adapters/store/tab-store.ts';
import { TabRefusal } from './tab-refusal.ts';

/** Who signed in, as the token (or the local preview) says: tenant, Entra object id, login name, display name. */
export interface SignedInIdentity {
  tenantId: string;
  oid: string | null;
  login: string | null;
  name: string | null;
}

/** The person asking: one of ours mapped to Salesforce, or someone from another tenant (a client). */
export type Viewer =
  | { kind: 'internal'; sfUserId: string; name: string; tenantId: string }
  | { kind: 'external'; tenantId: string; name: string };

/**
 * Turns a verified identity into a viewer: a home-tenant user must map to a Salesforce user (else 403 with the
 * reason); anyone from another tenant is external and will only ever get the joint view of their shared channel.
 */
export async function resolveViewer(
  store: Pick<TabStore, 'salesforceUserFor'>,
  homeTenantIds: readonly string[],
  identity: SignedInIdentity,
): Promise<Viewer> {
  const name = identity.name ?? identity.login ?? 'you';
  if (!homeTenantIds.includes(identity.tenantId)) return { kind: 'external', tenantId: identity.tenantId, name };
  const user = await store.salesforceUserFor(identity.login, identity.oid, identity.tenantId);
  if (!user)
    throw new TabRefusal(
      403,
      'NotInSalesforce',
      `You are signed in as ${identity.login ?? name}, but no Salesforce user has that login or e-mail, so ` +
        `there are no accounts to show. Ask your Salesforce admin to set your Federation ID or e-mail.`,
    );
  return { kind: 'internal', sfUserId: user.sfUserId, name: user.name, tenantId: identity.tenantId };
}

/** Internal views are for our own people only. */
export function requireInternal(viewer: Viewer): Extract<Viewer, { kind: 'internal' }> {
  if (viewer.kind !== 'internal')
    throw new TabRefusal(
      403,
      'ClientUser',
      'This page is for the account team. As a client user you see the joint view in the shared channel with us.',
    );
  return viewer;
}
