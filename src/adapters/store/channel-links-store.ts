import type { Queryable } from './database.ts';
import { plainName } from '../../core/domain/plain-text.ts';
import { PulseError } from '../../core/pulse-error.ts';

/**
 * A Teams channel linked to a key account (its internal channel), to leadership (the portfolio summary), or shared
 * with the client (`shared`: the client's tenants are listed; only client-safe content is posted there).
 */
export interface ChannelLink {
  channelId: string;
  teamId: string | null;
  tenantId: string | null;
  purpose: 'account' | 'leadership' | 'shared';
  accountId: string | null;
  accountName: string | null;
  clientTenantIds: string[];
  linkedBy: string;
  linkedAt: Date;
}

interface Row {
  conversation_id: string;
  team_id: string | null;
  tenant_id: string | null;
  purpose: 'account' | 'leadership' | 'shared';
  account_id: string | null;
  name: string | null;
  client_tenant_ids: string[] | null;
  linked_by: string;
  linked_at: Date | string;
}

/** The account is linked to another channel already. */
export class AlreadyLinkedError extends PulseError {
  constructor() {
    super('ALREADY_LINKED', 'That account is already linked to another channel: unlink it there first.');
  }
}

/** The channel already holds another link: whoever may unlink it decides, not whoever links next. */
class ChannelTakenError extends PulseError {
  constructor(current: ChannelLink | undefined) {
    const name = plainName(current?.accountName ?? current?.accountId ?? '');
    // No row: it was unlinked in between (another replica); the person may simply try again.
    const what = !current
      ? 'being linked by someone else'
      : current.purpose === 'leadership'
        ? 'the leadership channel'
        : current.purpose === 'shared'
          ? `the channel shared with the client for ${name}`
          : `linked to ${name}`;
    super(
      'CHANNEL_TAKEN',
      `This channel is already ${what}. To link it to something else, it is unlinked first (unlink: by the ` +
        `account's team, or a sales leader for the leadership channel).`,
    );
  }
}

/**
 * An upsert's condition: the channel's existing link is refreshed only when it is the same link (purpose and
 * account); anything else is left as it is and the insert returns no row.
 */
const SAME_LINK =
  'WHERE channel_links.purpose = EXCLUDED.purpose AND channel_links.account_id IS NOT DISTINCT FROM EXCLUDED.account_id';

/** Reads and writes channel links and the account-team rules behind them; the only place that knows their SQL. */
export function channelLinksStore(db: Queryable) {
  const toLink = (r: Row): ChannelLink => ({
    channelId: r.conversation_id,
    teamId: r.team_id,
    tenantId: r.tenant_id,
    purpose: r.purpose,
    accountId: r.account_id,
    accountName: r.name,
    clientTenantIds: r.client_tenant_ids ?? [],
    linkedBy: r.linked_by,
    linkedAt: new Date(r.linked_at),
  });
  /** A link that did not insert nor refresh (the channel holds another) is refused, saying what it holds. */
  const refuseIfTaken = async (channelId: string, written: unknown[]): Promise<void> => {
    if (written.length) return;
    const [r] = await db.query<Row>(
      'SELECT l.*, a.name FROM channel_links l LEFT JOIN sf_accounts a ON a.id = l.account_id WHERE l.conversation_id = $1',
      [channelId],
    );
    throw new ChannelTakenError(r ? toLink(r) : undefined);
  };
  return {
    async byChannel(channelId: string): Promise<ChannelLink | undefined> {
      const [r] = await db.query<Row>(
        'SELECT l.*, a.name FROM channel_links l LEFT JOIN sf_accounts a ON a.id = l.account_id WHERE l.conversation_id = $1',
        [channelId],
      );
      return r && toLink(r);
    },
    /**
     * Links the channel to an account; throws AlreadyLinkedError if the account has another channel, and
     * ChannelTakenError if the channel is linked to something else (unlinking it is someone's decision).
     */
    async linkAccount(link: {
      channelId: string;
      teamId: string | null;
      tenantId: string | null;
      accountId: string;
      linkedBy: string;
      /** When it was linked, by the use case's clock (the cadence counts from it). */
      linkedAt: Date;
    }): Promise<void> {
      const [other] = await db.query<{ conversation_id: string }>(
        `SELECT conversation_id FROM channel_links WHERE purpose = 'account' AND account_id = $1 AND conversation_id <> $2`,
        [link.accountId, link.channelId],
      );
      if (other) throw new AlreadyLinkedError();
      await refuseIfTaken(
        link.channelId,
        await db.query(
          `INSERT INTO channel_links (conversation_id, team_id, channel_id, tenant_id, purpose, account_id, linked_by, linked_at)
           VALUES ($1, $2, $1, $3, 'account', $4, $5, $6)
           ON CONFLICT (conversation_id) DO UPDATE SET linked_by = EXCLUDED.linked_by, linked_at = EXCLUDED.linked_at
           ${SAME_LINK} RETURNING 1`,
          [link.channelId, link.teamId, link.tenantId, link.accountId, link.linkedBy, link.linkedAt],
        ),
      );
    },
    /** Links the channel as the account's shared channel with the client (or updates its client tenants). */
    async linkShared(link: {
      channelId: string;
      teamId: string | null;
      tenantId: string | null;
      accountId: string;
      clientTenantIds: readonly string[];
      linkedBy: string;
      /** When it was linked, by the use case's clock (the cadence counts from it). */
      linkedAt: Date;
    }): Promise<void> {
      const [other] = await db.query<{ conversation_id: string }>(
        `SELECT conversation_id FROM channel_links WHERE purpose = 'shared' AND account_id = $1 AND conversation_id <> $2`,
        [link.accountId, link.channelId],
      );
      if (other)
        throw new PulseError(
          'ALREADY_LINKED',
          'That account already has a channel shared with the client: unlink it there first.',
        );
      await refuseIfTaken(
        link.channelId,
        await db.query(
          `INSERT INTO channel_links (conversation_id, team_id, channel_id, tenant_id, purpose, account_id, client_tenant_ids, linked_by, linked_at)
           VALUES ($1, $2, $1, $3, 'shared', $4, $5, $6, $7)
           ON CONFLICT (conversation_id) DO UPDATE
           SET client_tenant_ids = EXCLUDED.client_tenant_ids, linked_by = EXCLUDED.linked_by, linked_at = EXCLUDED.linked_at
           ${SAME_LINK} RETURNING 1`,
          [
            link.channelId,
            link.teamId,
            link.tenantId,
            link.accountId,
            [...link.clientTenantIds],
            link.linkedBy,
            link.linkedAt,
          ],
        ),
      );
    },
    /** The account's linked channel of one purpose (its internal channel, or the one shared with the client). */
    async ofAccount(accountId: string, purpose: 'account' | 'shared'): Promise<ChannelLink | undefined> {
      const [r] = await db.query<Row>(
        'SELECT l.*, a.name FROM channel_links l LEFT JOIN sf_accounts a ON a.id = l.account_id WHERE l.account_id = $1 AND l.purpose = $2',
        [accountId, purpose],
      );
      return r && toLink(r);
    },
    /** Records the tenants a channel was shared with (channelShared), or forgets them (channelUnshared). */
    async setSharedWith(channelId: string, tenantIds: readonly string[], shared: boolean): Promise<void> {
      for (const t of tenantIds)
        await db.query(
          shared
            ? 'INSERT INTO channel_shared_tenants (conversation_id, tenant_id) VALUES ($1, $2) ON CONFLICT DO NOTHING'
            : 'DELETE FROM channel_shared_tenants WHERE conversation_id = $1 AND tenant_id = $2',
          [channelId, t.toLowerCase()],
        );
    },
    /** The tenants Teams said the channel is shared with. */
    async sharedWith(channelId: string): Promise<string[]> {
      const rows = await db.query<{ tenant_id: string }>(
        'SELECT tenant_id FROM channel_shared_tenants WHERE conversation_id = $1 ORDER BY tenant_id',
        [channelId],
      );
      return rows.map((r) => r.tenant_id);
    },
    /** Every shared channel, for the tab's joint view and the cadence. */
    async sharedChannels(): Promise<ChannelLink[]> {
      const rows = await db.query<Row>(
        `SELECT l.*, a.name FROM channel_links l LEFT JOIN sf_accounts a ON a.id = l.account_id WHERE l.purpose = 'shared' ORDER BY l.conversation_id`,
      );
      return rows.map(toLink);
    },
    /**
     * Makes the channel the tenant's leadership channel (moving the mark from any other), unless it holds another
     * link; run it in a transaction (see below).
     */
    async linkLeadership(link: {
      channelId: string;
      teamId: string | null;
      tenantId: string | null;
      linkedBy: string;
      linkedAt: Date;
    }): Promise<void> {
      // One leadership channel per tenant (a unique index): the mark leaves the other channel first. Run it in a
      // transaction, so a refused link (the channel holds another) puts the mark back where it was.
      await db.query(
        `DELETE FROM channel_links WHERE purpose = 'leadership' AND tenant_id IS NOT DISTINCT FROM $1 AND conversation_id <> $2`,
        [link.tenantId, link.channelId],
      );
      await refuseIfTaken(
        link.channelId,
        await db.query(
          `INSERT INTO channel_links (conversation_id, team_id, channel_id, tenant_id, purpose, account_id, linked_by, linked_at)
           VALUES ($1, $2, $1, $3, 'leadership', NULL, $4, $5)
           ON CONFLICT (conversation_id) DO UPDATE SET linked_by = EXCLUDED.linked_by, linked_at = EXCLUDED.linked_at
           ${SAME_LINK} RETURNING 1`,
          [link.channelId, link.teamId, link.tenantId, link.linkedBy, link.linkedAt],
        ),
      );
    },
    async unlink(channelId: string): Promise<boolean> {
      return (
        (await db.query('DELETE FROM channel_links WHERE conversation_id = $1 RETURNING 1', [channelId])).length === 1
      );
    },
    /** Every key account with its linked internal channel, if any, by name. */
    async keyAccountsWithChannels(): Promise<
      { id: string; channelId: string | null; teamId: string | null; tenantId: string | null }[]
    > {
      const rows = await db.query<{
        id: string;
        channel_id: string | null;
        team_id: string | null;
        tenant_id: string | null;
      }>(
        `SELECT a.id, l.conversation_id AS channel_id, l.team_id, l.tenant_id FROM sf_accounts a
           LEFT JOIN channel_links l ON l.account_id = a.id AND l.purpose = 'account' WHERE a.is_key ORDER BY a.name`,
      );
      return rows.map((r) => ({ id: r.id, channelId: r.channel_id, teamId: r.team_id, tenantId: r.tenant_id }));
    },
    async leadershipChannels(): Promise<{ channelId: string; teamId: string | null; tenantId: string | null }[]> {
      const rows = await db.query<{ channel_id: string; team_id: string | null; tenant_id: string | null }>(
        `SELECT conversation_id AS channel_id, team_id, tenant_id FROM channel_links WHERE purpose = 'leadership'`,
      );
      return rows.map((r) => ({ channelId: r.channel_id, teamId: r.team_id, tenantId: r.tenant_id }));
    },
    /** Key accounts whose team the Salesforce user is on: as owner, or as a member of its Salesforce account team. */
    async accountsOnTeamOf(sfUserId: string, search = '', limit = 100): Promise<{ id: string; name: string }[]> {
      const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return db.query<{ id: string; name: string }>(
        `SELECT a.id, a.name FROM sf_accounts a
          WHERE a.is_key AND (a.owner_id = $1 OR EXISTS (SELECT 1 FROM sf_account_team t WHERE t.account_id = a.id AND t.user_id = $1))
            AND a.name ILIKE $2
          ORDER BY a.name LIMIT $3`,
        [sfUserId, pattern, limit],
      );
    },
    async isOnAccountTeam(sfUserId: string, accountId: string): Promise<boolean> {
      const rows = await db.query(
        `SELECT 1 FROM sf_accounts a WHERE a.id = $2 AND a.is_key AND (a.owner_id = $1 OR EXISTS (SELECT 1 ` +
          `FROM sf_account_team t WHERE t.account_id = a.id AND t.user_id = $1))`,
        [sfUserId, accountId],
      );
      return rows.length === 1;
    },
    /** Whether the user leads people who own key accounts (the ones who may choose the leadership channel). */
    async leadsAccountManagers(sfUserId: string): Promise<boolean> {
      const rows = await db.query(
        `SELECT 1 FROM sf_users u JOIN sf_accounts a ON a.owner_id = u.id AND a.is_key WHERE u.manager_id = $1 LIMIT 1`,
        [sfUserId],
      );
      return rows.length === 1;
    },
  };
}
