/**
 * "Now", injected. Use cases, stores and cards take a Clock instead of reading the machine's time, so a test pins
 * the instant it is about and the suite gives the same answer on any day, in any time zone.
 */
export type Clock = () => Date;

/** The machine's clock: the composition roots and the scripts' entry points hand it in; nothing else reads time. */
export const systemClock: Clock = () => new Date();

/** Milliseconds since the epoch from a clock, for timers and leases measured in numbers. */
export const millisOf = (clock: Clock) => (): number => clock().getTime();
