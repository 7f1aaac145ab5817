import { createHash } from 'node:crypto';

/**
 * Which card action an activity is, the same for each delivery of it: Teams and the Bot Connector may deliver one
 * activity twice (a retry after a slow answer or a lost connection), and the copy keeps its id. A card action is
 * idempotent per activity: one that states what to store (`return.save`, `rating.save`, a link) changes nothing
 * when it states what is stored already; one that adds (`meeting.log`) stores this key with what it added, in the
 * same statement, and adds nothing where it finds it. Undefined for an activity without an id (none to tell a copy
 * by). A digest, so the key is short and holds no conversation id.
 */
export function actionKeyOf(activity: {
  id?: string;
  from: { id: string };
  conversation: { id: string };
}): string | undefined {
  if (!activity.id) return undefined;
  const source = [activity.conversation.id, activity.from.id, activity.id].join('\u0000');
  return createHash('sha256').update(source).digest('base64url').slice(0, 22);
}
