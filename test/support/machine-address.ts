import { networkInterfaces } from 'node:os';

/**
 * This machine's first non-loopback IPv4 address, if it has one: a client there is "another machine" to a server
 * listening on 0.0.0.0, which is how the loopback-only admin routes are tested against a remote caller.
 */
export const machineAddress = (): string | undefined =>
  Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
