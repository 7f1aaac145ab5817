import type { ConnectorClient } from 'botframework-connector';
import type { ChannelMember, ChannelRoster } from '../../core/ports/channel-roster.ts';
import { rosterPages } from './teams-channel-audience.ts';
import { PulseError } from '../../core/pulse-error.ts';

interface WireMember {
  id?: string;
  aadObjectId?: string;
  tenantId?: string;
  userPrincipalName?: string;
  email?: string;
  name?: string;
}

const toMember = (m: WireMember, hostTenantId: string | undefined): ChannelMember | undefined =>
  m.id && m.aadObjectId
    ? {
        teamsUserId: m.id,
        aadObjectId: m.aadObjectId,
        // A roster entry without a tenant (the Agents Playground's) is one of the host's own people.
        tenantId: m.tenantId ?? hostTenantId ?? '',
        login: m.userPrincipalName ?? m.email ?? null,
        name: m.name ?? null,
      }
    : undefined;

/** What a connector without the single-member route answers it (bad request, method not allowed, not implemented). */
const ROUTE_MISSING = new Set([400, 405, 501]);

/** Throttled (429) or down (5xx other than a missing route). */
export const isBusy = (status: number | undefined): boolean =>
  status === 429 || (status !== undefined && status >= 500 && !ROUTE_MISSING.has(status));

/** What the person is told when the roster cannot be read now; nothing is decided about them. */
export const rosterUnavailable = (cause: unknown) =>
  new PulseError(
    'ROSTER_UNAVAILABLE',
    'Teams is busy right now, so I could not check who is in this channel and nothing was changed. Please try again in a minute.',
    { cause },
  );

/**
 * Why a channel's roster cannot be read, when that is an answer rather than a fault: Teams no longer knows the
 * channel (404: deleted, or not a channel of a team the app is in) or will not show it to the app (401, 403).
 * Undefined for anything else (a fault, or busy: see `isBusy`).
 */
export function rosterUnreadable(error: unknown): string | undefined {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 404) return 'Teams does not know that channel now (deleted, or the app is not in its team)';
  if (status === 401 || status === 403) return "Teams does not let the app read that channel's members";
  return undefined;
}

/**
 * A channel's roster read from the Bot Connector (`GET /v3/conversations/{channel}/members[/{id}]`, which in a
 * shared channel returns the channel's own members with each one's tenant), for the rating use cases.
 */
export function connectorRoster(connector: ConnectorClient, hostTenantId: string | undefined): ChannelRoster {
  return {
    async member(channelId, userId) {
      try {
        const m = (await connector.conversations.getConversationMember(channelId, userId)) as unknown as WireMember;
        return toMember(m, hostTenantId);
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        // 404 MemberNotFoundInConversation: not (or no longer) in the channel, so nobody we may count.
        if (status === 404) return undefined;
        // Still throttled after the connector client's own retries (which honour Retry-After), or Teams is down:
        // paging the whole roster would only multiply the calls Teams asks us to slow down. The person is asked to
        // try again, and nothing is decided about them.
        if (isBusy(status)) throw rosterUnavailable(error);
        if (!ROUTE_MISSING.has(status ?? 0)) throw error;
        // A connector without the single-member route (an older Agents Playground): look them up in the paged roster.
        const all = await this.members(channelId);
        return all.find((m) => m.teamsUserId === userId || m.aadObjectId === userId);
      }
    },
    async members(channelId) {
      const out: ChannelMember[] = [];
      try {
        for await (const page of rosterPages(connector, channelId))
          for (const m of page as WireMember[]) {
            const member = toMember(m, hostTenantId);
            if (member) out.push(member);
          }
      } catch (error) {
        if (isBusy((error as { statusCode?: number }).statusCode)) throw rosterUnavailable(error);
        throw error;
      }
      return out;
    },
  };
}
