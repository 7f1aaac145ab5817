import { BlockList, isIP } from 'node:net';

/**
 * The reverse proxies whose `X-Forwarded-For` the server believes (`TRUSTED_PROXIES`): addresses and CIDR ranges.
 * Nobody else's header is read, so a client cannot choose the address its rate limit is counted against.
 */
export interface ProxyTrust {
  /** Whether `address` (an IP, IPv4-mapped IPv6 already unwrapped) is one of the trusted proxies. */
  trusts(address: string): boolean;
  /** The entries as configured, for the start-up log. */
  readonly entries: readonly string[];
}

/** An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) as its IPv4 form. */
export const plainAddress = (address: string): string => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

/** Why an entry of the list is not an address or a CIDR range, or undefined when it is one. */
export function proxyEntryProblem(entry: string): string | undefined {
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || extra !== undefined) return `'${entry}' is not an IP address or CIDR range`;
  if (bits === undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max ? undefined : `'${entry}' has a prefix length outside 0-${max}`;
}

/** The trust of a list of addresses and CIDR ranges already checked by `proxyEntryProblem`. */
export function proxyTrust(entries: readonly string[]): ProxyTrust {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return {
    entries,
    trusts(address) {
      const plain = plainAddress(address);
      const family = isIP(plain);
      return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

/** No proxy is trusted: the address of the connection is the client's. */
export const NO_PROXIES: ProxyTrust = proxyTrust([]);

/** One hop of X-Forwarded-For as an address: `[v6]:port`, `v4:port` and bare addresses; undefined when not one. */
function hopAddress(hop: string): string | undefined {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop)?.[1];
  const candidate = bracketed ?? (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(hop) ? hop.replace(/:\d+$/, '') : hop);
  return isIP(candidate) ? plainAddress(candidate) : undefined;
}

/**
 * The client of a request: the connection's address, unless that is a trusted proxy; then X-Forwarded-For is read
 * from the right (the hop the trusted proxy appended) and the first hop that is not a trusted proxy is the client.
 * Hops left of it were written by the client and are never read. A hop that is not an address ends the walk at the
 * proxy that passed it on.
 */
export function clientOf(peer: string, forwardedFor: string | string[] | undefined, trust: ProxyTrust): string {
  let client = plainAddress(peer);
  if (!trust.trusts(client) || forwardedFor === undefined) return client;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hopAddress(hops[i] ?? '');
    if (hop === undefined) return client;
    client = hop;
    if (!trust.trusts(hop)) return client;
  }
  return client;
}
