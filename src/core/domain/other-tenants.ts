import type { ChannelMember } from '../ports/channel-roster.ts';
import { plainText } from './plain-text.ts';

/** An organisation (tenant) other than ours in a channel, as the account team is shown it. */
export interface OtherTenant {
  tenantId: string;
  /** Its people in the channel now (0: only Teams' channelShared event names it so far). */
  people: number;
  /** The domains of their sign-in names (UPN or e-mail), which name the organisation without naming anyone. */
  domains: readonly string[];
}

/**
 * The other tenants of a channel, from its roster and the tenants Teams announced (`channelShared`, whose people may
 * not have joined yet), in the order first seen. Guests of our own tenant are ours.
 */
export function otherTenantsOf(
  members: readonly ChannelMember[],
  hostTenantId: string | null | undefined,
  announced: readonly string[],
): OtherTenant[] {
  const host = hostTenantId?.toLowerCase();
  const found = new Map<string, { people: number; domains: Set<string> }>();
  const entry = (tenant: string) => {
    let e = found.get(tenant);
    if (!e) found.set(tenant, (e = { people: 0, domains: new Set() }));
    return e;
  };
  for (const m of members) {
    const tenant = m.tenantId.toLowerCase();
    if (!tenant || tenant === host) continue;
    const e = entry(tenant);
    e.people++;
    const domain = m.login?.split('@')[1]?.toLowerCase();
    if (domain) e.domains.add(domain);
  }
  for (const t of announced.map((x) => x.toLowerCase())) if (t && t !== host) entry(t);
  return [...found].map(([tenantId, e]) => ({ tenantId, people: e.people, domains: [...e.domains].sort() }));
}

const MAX_DOMAINS = 3;

/**
 * "contoso.com: 4 people in this channel (tenant 72f988bf-…)": whose a tenant is, in words the user recognises.
 * No one's name: whatever is posted in a shared channel names no member (ratings there are anonymous).
 */
export function describeTenant(t: OtherTenant): string {
  const domains = t.domains.map((d) => plainText(d, 60)).filter(Boolean);
  const shown = domains.length > MAX_DOMAINS ? [...domains.slice(0, MAX_DOMAINS), '…'] : domains;
  const who = !t.people
    ? 'nobody from it is in this channel now'
    : `${t.people === 1 ? '1 person' : `${t.people} people`} in this channel`;
  return `${shown.length ? `${shown.join(', ')}: ` : ''}${who} (tenant ${plainText(t.tenantId, 100)})`;
}
