import type { Queryable } from './database.ts';
import { conversationRef, type ConversationRef } from '../../core/ports/conversation-ref.ts';

/** Where the bot is installed: a personal chat, a team, or a group chat. */
export type InstallationScope = 'personal' | 'team' | 'groupChat';

/** One conversation the bot may write to later, with the reference to continue it (our own shape). */
export interface Installation {
  conversationId: string;
  scope: InstallationScope;
  tenantId: string | null;
  teamId: string | null;
  channelId: string | null;
  userId: string | null;
  serviceUrl: string;
  reference: ConversationRef;
  installedBy: string | null;
  uninstalledAt: Date | null;
}

interface Row {
  conversation_id: string;
  scope: InstallationScope;
  tenant_id: string | null;
  team_id: string | null;
  channel_id: string | null;
  user_id: string | null;
  service_url: string;
  reference: Record<string, unknown> | string;
  installed_by: string | null;
  uninstalled_at: Date | string | null;
}

const toInstallation = (r: Row): Installation => ({
  conversationId: r.conversation_id,
  scope: r.scope,
  tenantId: r.tenant_id,
  teamId: r.team_id,
  channelId: r.channel_id,
  userId: r.user_id,
  serviceUrl: r.service_url,
  reference: conversationRef.parse(typeof r.reference === 'string' ? JSON.parse(r.reference) : r.reference),
  installedBy: r.installed_by,
  uninstalledAt: r.uninstalled_at === null ? null : new Date(r.uninstalled_at),
});

/** Reads and writes `installations`; the only place that knows its SQL. */
export function installationsStore(db: Queryable) {
  return {
    /**
     * Records (or re-activates) an installation; the newest reference and service URL win. Returns true when
     * the bot is newly installed there, exactly once even when Teams sends installationUpdate and
     * conversationUpdate for one install at the same moment.
     */
    async save(i: Omit<Installation, 'uninstalledAt'>): Promise<boolean> {
      // Checked on the way in as on the way out: a reference no read can parse is never stored.
      const reference = conversationRef.parse(i.reference);
      const values = [
        i.conversationId,
        i.scope,
        i.tenantId,
        i.teamId,
        i.channelId,
        i.userId,
        i.serviceUrl,
        JSON.stringify(reference),
        i.installedBy,
      ];
      const reactivated = await db.query(
        `UPDATE installations SET scope = $2, tenant_id = COALESCE($3, tenant_id), team_id = COALESCE($4, team_id),
           channel_id = COALESCE($5, channel_id), user_id = COALESCE($6, user_id), service_url = $7, reference = $8,
           installed_by = COALESCE($9, installed_by), installed_at = now(), uninstalled_at = NULL, updated_at = now()
         WHERE conversation_id = $1 AND uninstalled_at IS NOT NULL
         RETURNING 1`,
        values,
      );
      if (reactivated.length > 0) return true;
      const [row] = await db.query<{ inserted: boolean }>(
        `INSERT INTO installations
           (conversation_id, scope, tenant_id, team_id, channel_id, user_id, service_url, reference, installed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (conversation_id) DO UPDATE SET
           scope = EXCLUDED.scope,
           tenant_id = COALESCE(EXCLUDED.tenant_id, installations.tenant_id),
           team_id = COALESCE(EXCLUDED.team_id, installations.team_id),
           channel_id = COALESCE(EXCLUDED.channel_id, installations.channel_id),
           user_id = COALESCE(EXCLUDED.user_id, installations.user_id),
           service_url = EXCLUDED.service_url,
           reference = EXCLUDED.reference,
           installed_by = COALESCE(installations.installed_by, EXCLUDED.installed_by),
           updated_at = now()
         RETURNING (xmax = 0) AS inserted`,
        values,
      );
      return row?.inserted === true;
    },
    /** Marks an installation removed; its reference is kept for the record but no longer used. */
    async markUninstalled(conversationId: string): Promise<void> {
      await db.query(
        'UPDATE installations SET uninstalled_at = now(), updated_at = now() WHERE conversation_id = $1 AND uninstalled_at IS NULL',
        [conversationId],
      );
    },
    async byConversation(conversationId: string): Promise<Installation | undefined> {
      const rows = await db.query<Row>('SELECT * FROM installations WHERE conversation_id = $1', [conversationId]);
      return rows[0] && toInstallation(rows[0]);
    },
    /**
     * The app's active installation in a team, to post in or read the rosters of any of its channels. Teams records
     * a team install under the channel it was added from (General, whose id is the team's, or another channel),
     * so it is found by the team's id in either place; an install from General is preferred, then the newest.
     */
    async teamInstallation(teamId: string): Promise<Installation | undefined> {
      const rows = await db.query<Row>(
        `SELECT * FROM installations
          WHERE scope = 'team' AND uninstalled_at IS NULL AND (conversation_id = $1 OR team_id = $1)
          ORDER BY conversation_id = $1 DESC, updated_at DESC LIMIT 1`,
        [teamId],
      );
      return rows[0] && toInstallation(rows[0]);
    },
    /** The Bot Connector service URL Teams last used in a tenant: where to open new 1:1 chats there. */
    async serviceUrlFor(tenantId: string): Promise<string | undefined> {
      const rows = await db.query<{ service_url: string }>(
        'SELECT service_url FROM installations WHERE tenant_id = $1 ORDER BY updated_at DESC LIMIT 1',
        [tenantId],
      );
      return rows[0]?.service_url;
    },
    /** The active personal chats of several users at once (the cycle's open), by user id. */
    async personalChatsOf(userIds: readonly string[]): Promise<Map<string, Installation>> {
      const rows = await db.query<Row>(
        `SELECT DISTINCT ON (user_id) * FROM installations
          WHERE scope = 'personal' AND user_id = ANY($1::text[]) AND uninstalled_at IS NULL
          ORDER BY user_id, updated_at DESC`,
        [userIds],
      );
      return new Map(rows.map((r) => [r.user_id as string, toInstallation(r)]));
    },
    /** The active personal chat with a user, for proactive 1:1 messages. */
    async personalChatOf(userId: string): Promise<Installation | undefined> {
      const rows = await db.query<Row>(
        `SELECT * FROM installations WHERE scope = 'personal' AND user_id = $1 AND uninstalled_at IS NULL
          ORDER BY updated_at DESC LIMIT 1`,
        [userId],
      );
      return rows[0] && toInstallation(rows[0]);
    },
  };
}

/** The narrow port of the installations store. */
export type InstallationsStore = ReturnType<typeof installationsStore>;
