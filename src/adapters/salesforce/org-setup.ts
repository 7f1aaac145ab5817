import type { Crm } from './salesforce-crm.ts';
import { SHARED_ACTIVITIES_FIELDS } from './sf-schema.ts';

/**
 * Whether the org has Shared Activities enabled: its EventRelation describe lists IsParent and IsWhat, which exist
 * only then (EventRelation object reference). One describe call; the sync and `npm run doctor` ask the same way.
 */
export async function hasSharedActivities(crm: Pick<Crm, 'fieldNames'>): Promise<boolean> {
  const fields = await crm.fieldNames('EventRelation');
  return SHARED_ACTIVITIES_FIELDS.every((f) => fields.has(f));
}

/** What the product does in each attendance set-up, as `npm run doctor` and the sync's log say it. */
export function sharedActivitiesText(on: boolean): string {
  return on
    ? 'Shared Activities on: a meeting’s contacts are its related contacts and invitees (EventRelation IsParent, IsInvitee)'
    : 'Shared Activities off: a meeting’s contact is its WhoId, and its invitees are EventRelation rows';
}
