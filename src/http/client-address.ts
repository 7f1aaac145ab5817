import type restify from 'restify';
import { isLoopbackHost } from '../config/config.ts';

/** The address a request came from, an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) as its IPv4 form. */
export const clientAddress = (req: restify.Request): string => (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');

/** Whether a request came from this machine (127.x or ::1): the rule of every loopback-only route. */
export const fromLoopback = (req: restify.Request): boolean => isLoopbackHost(clientAddress(req));
