import net from 'node:net';

/**
 * Tests talk to stand-ins on loopback only: any connection elsewhere (a forgotten real Teams or Salesforce URL)
 * fails at once with a clear message instead of hanging or leaving the machine.
 */
const allowed = (host: string | undefined) =>
  host === undefined || host === 'localhost' || host === '::1' || host.startsWith('127.') || host === '';

const original = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  let host: string | undefined;
  if (first && typeof first === 'object' && !Array.isArray(first)) {
    const o = first as { host?: string; path?: string };
    host = o.path ? undefined : (o.host ?? 'localhost');
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    host = typeof args[1] === 'string' ? args[1] : 'localhost';
  }
  if (!allowed(host)) {
    throw new Error(`Tests may only connect to loopback; refused a connection to ${host}`);
  }
  return (original as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
