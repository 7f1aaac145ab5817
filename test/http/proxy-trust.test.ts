import { describe, expect, it } from 'vitest';
import { clientOf, NO_PROXIES, proxyEntryProblem, proxyTrust } from '../../src/platform/config/proxy-trust.ts';
import { readConfig } from '../../src/platform/config/config.ts';
import { bucketOf } from '../../src/edge/http/rate-limit.ts';

// Who the client of a request is, behind reverse proxies (issue 24, defect 2): only a trusted proxy's
// X-Forwarded-For is read, from the right, as nginx's $proxy_add_x_forwarded_for and Azure's front ends append to it.

describe('The client behind trusted proxies', () => {
  const trust = proxyTrust(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);

  it('When the connection is not from a trusted proxy, then its address is the client whatever the headers say', () => {
    expect(clientOf('203.0.113.9', '198.51.100.1', trust)).toBe('203.0.113.9');
    expect(clientOf('::ffff:203.0.113.9', undefined, trust)).toBe('203.0.113.9');
    expect(clientOf('127.0.0.1', '198.51.100.1', NO_PROXIES)).toBe('127.0.0.1');
  });

  it('When trusted proxies forward, then the first hop from the right that is not one of them is the client, and hops the client wrote are not read', () => {
    expect(clientOf('127.0.0.1', '198.51.100.7', trust)).toBe('198.51.100.7');
    expect(clientOf('127.0.0.1', 'spoofed, 1.2.3.4, 198.51.100.7, 10.1.2.3', trust)).toBe('198.51.100.7');
    expect(clientOf('127.0.0.1', ['1.2.3.4', '198.51.100.7'], trust)).toBe('198.51.100.7');
    expect(clientOf('10.0.0.5', '[2001:db8::1]:443', trust)).toBe('2001:db8::1');
    expect(clientOf('10.0.0.5', '198.51.100.7:51234', trust)).toBe('198.51.100.7');
  });

  it('When a hop is not an address (unknown, a name, __proto__, NUL), then the proxy that passed it on is the client', () => {
    for (const junk of ['unknown', 'attacker.example', '__proto__', 'constructor', '1.2.3.4\u0000', ''])
      expect(clientOf('10.0.0.5', `${junk}`, trust), JSON.stringify(junk)).toBe('10.0.0.5');
    expect(clientOf('127.0.0.1', '10.9.9.9, junk', trust)).toBe('127.0.0.1');
  });

  it('When every hop is a trusted proxy, then the leftmost one is the client', () => {
    expect(clientOf('127.0.0.1', '10.1.1.1, 10.2.2.2', trust)).toBe('10.1.1.1');
  });

  it('When TRUSTED_PROXIES holds something that is not an address or range, then start-up stops naming the variable and the entry', () => {
    expect(proxyEntryProblem('10.0.0.0/8')).toBeUndefined();
    expect(proxyEntryProblem('10.0.0.0/33')).toContain('prefix length');
    expect(proxyEntryProblem('proxy.internal')).toContain('not an IP address');
    expect(() => readConfig({ TRUSTED_PROXIES: '127.0.0.1, proxy.internal' })).toThrow(
      /TRUSTED_PROXIES[\s\S]*proxy\.internal/,
    );
    expect(readConfig({ TRUSTED_PROXIES: ' 127.0.0.1 , 10.0.0.0/8 ' }).trustedProxies).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
    ]);
  });
});

describe('The rate-limit bucket of a client address', () => {
  it(
    'When IPv6 clients differ only below their /64, then they share a bucket (one host may pick any of ' +
      '2^64 addresses); IPv4 and IPv4-mapped stay per address',
    () => {
      expect(bucketOf('2001:db8:1:2::1')).toBe(bucketOf('2001:db8:1:2:ffff:ffff:ffff:ffff'));
      expect(bucketOf('2001:0db8:0001:0002:0:0:0:1')).toBe('2001:db8:1:2::/64');
      expect(bucketOf('2001:db8:1:3::1')).not.toBe(bucketOf('2001:db8:1:2::1'));
      expect(bucketOf('::1')).toBe('0:0:0:0::/64');
      expect(bucketOf('203.0.113.9')).toBe('203.0.113.9');
      expect(bucketOf('')).toBe('unknown');
    },
  );
});
