import type { Queryable } from '../../adapters/store/database.ts';
import { installationsStore } from '../../adapters/store/installations-store.ts';
import type { ChannelLink } from '../../adapters/store/channel-links-store.ts';
import type { TeamsDelivery } from '../../adapters/teams/teams-delivery.ts';
import type { CardAttachment } from '../cards/render-card.ts';

/**
 * A new post in a linked channel, marked for its audience: `shared` posts are client-safe (the only kind the
 * engine sends to a shared channel), `internal` posts internal-only (sent only while the roster is all ours).
 * Undefined when the channel's team no longer has the app.
 */
export async function channelPost(
  db: Queryable,
  link: ChannelLink,
  content: { text?: string; card?: CardAttachment },
): Promise<TeamsDelivery | undefined> {
  const team = link.teamId ? await installationsStore(db).teamInstallation(link.teamId) : undefined;
  if (!team || !link.tenantId) return undefined;
  return {
    to: { kind: 'channel', reference: team.reference, channelId: link.channelId },
    activity: {
      type: 'message',
      ...(content.text ? { text: content.text } : {}),
      ...(content.card ? { attachments: [content.card] } : {}),
    },
    ...(link.purpose === 'shared' ? { clientSafe: true as const } : { internalOnly: true }),
    threadKey: link.channelId,
    tenantId: link.tenantId,
  };
}
