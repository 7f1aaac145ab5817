import type restify from 'restify';
import { isLoopbackHost } from '../../platform/config/config.ts';
import { clientOf, plainAddress, type ProxyTrust } from '../../platform/config/proxy-trust.ts';

/** Headers a proxy, tunnel or hosting front end adds: a request that carries one did not start on this machine. */
const FORWARDING_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'via',
  'x-arr-ssl',
  'x-arr-log-id',
  'x-original-url',
  'cf-connecting-ip',
  'x-ms-client-principal-id',
] as const;

/** The address of the connection (the last hop), an IPv4-mapped IPv6 address as its IPv4 form. */
const peerAddress = (req: restify.Request): string => plainAddress(req.socket.remoteAddress ?? '');

/** The client a request counts against: the connection, or what a trusted proxy says it forwarded (proxy-trust). */
export const clientAddress = (req: restify.Request, trust: ProxyTrust): string =>
  clientOf(peerAddress(req), req.headers['x-forwarded-for'], trust);

/** Whether a request names a proxy hop in any header, whoever wrote it. */
export const carriesForwarding = (req: restify.Request): boolean =>
  FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined);

/**
 * Whether a request started on this machine: a loopback connection that no proxy or tunnel forwarded. A same-host
 * reverse proxy or tunnel connects from loopback for every caller on the internet, and adds forwarding headers.
 */
export const fromLoopback = (req: restify.Request): boolean =>
  isLoopbackHost(peerAddress(req)) && !carriesForwarding(req);
