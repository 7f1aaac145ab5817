import type { Queryable } from '../../adapters/store/database.ts';
import { installationsStore, type Installation } from '../../adapters/store/installations-store.ts';
import type { TeamsDelivery } from '../../adapters/teams/teams-delivery.ts';

/** One of our people as a 1:1 message needs them: their Teams user id (when known), Entra object id and tenant. */
interface PersonalAddress {
  teamsUserId: string | null;
  aadObjectId: string | null;
  tenantId: string | null;
}

/** Where a message to one of our people goes: their 1:1 chat if the bot has one, else a chat to open with them. */
export function personalDeliveryTo(
  person: PersonalAddress,
  chat: Installation | undefined,
  serviceUrl: string,
  activity: Record<string, unknown>,
): TeamsDelivery {
  const tenantId = person.tenantId ?? '';
  const to: TeamsDelivery['to'] = chat
    ? { kind: 'conversation', reference: chat.reference }
    : {
        kind: 'user',
        teamsUserId: person.teamsUserId ?? undefined,
        aadObjectId: person.aadObjectId ?? '',
        tenantId,
        serviceUrl,
      };
  return { to, activity, threadKey: `user:${person.teamsUserId ?? person.aadObjectId}`, tenantId };
}

/**
 * A 1:1 message to one of our people, through the chat the bot has with them, else one opened at the service URL
 * Teams last called us from for their tenant (`defaultServiceUrl` before it ever did).
 */
export async function personalDelivery(
  db: Queryable,
  person: PersonalAddress,
  defaultServiceUrl: string,
  activity: Record<string, unknown>,
): Promise<TeamsDelivery> {
  const installations = installationsStore(db);
  const chat = person.teamsUserId ? await installations.personalChatOf(person.teamsUserId) : undefined;
  const serviceUrl = chat
    ? defaultServiceUrl
    : ((await installations.serviceUrlFor(person.tenantId ?? '')) ?? defaultServiceUrl);
  return personalDeliveryTo(person, chat, serviceUrl, activity);
}
