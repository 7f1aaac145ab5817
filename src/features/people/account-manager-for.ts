import type { Queryable } from '../../adapters/store/database.ts';
import { peopleStore, type MappedUser } from '../../adapters/store/people-store.ts';
import { PulseError } from '../../core/pulse-error.ts';

/**
 * Who is asking: the Salesforce user behind a Teams user id (taken from the authenticated activity, never from a
 * card), or a refusal that says how to fix the mapping. Someone from a client's tenant maps to no Salesforce user,
 * so every internal use case that starts here refuses them.
 */
export async function accountManagerFor(db: Queryable, teamsUserId: string): Promise<MappedUser> {
  return mappedOrRefused(await peopleStore(db).byTeamsUser(teamsUserId));
}

/** The asker's Salesforce user as read (`byTeamsUserSql`), or the refusal `accountManagerFor` gives. */
export function mappedOrRefused(me: MappedUser | undefined): MappedUser {
  if (!me) {
    throw new PulseError(
      'NOT_MAPPED',
      "I can't match you to a Salesforce user: ask your admin to set your FederationIdentifier or e-mail in Salesforce to your Microsoft 365 sign-in.",
    );
  }
  return me;
}
