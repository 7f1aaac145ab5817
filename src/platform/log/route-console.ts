import type { Logger } from './logger.ts';
import { describeError } from './describe-error.ts';

/** Longest text kept from one third-party console line. */
const MAX_TEXT = 300;

/** One console argument as a loggable fact: errors by their facts, text shortened and scrubbed, objects by kind. */
function describeArgument(arg: unknown): unknown {
  if (arg instanceof Error) {
    const { name, message, code, statusCode } = describeError(arg) as Record<string, unknown>;
    return { name, message, code, statusCode };
  }
  if (typeof arg === 'string')
    // botframework-connector lists every signing key it knows when a token does not verify.
    return arg.replace(/(Available keys:).*/s, '$1 [omitted]').slice(0, MAX_TEXT);
  if (typeof arg === 'number' || typeof arg === 'boolean' || arg === null || arg === undefined) return arg;
  return `[${(arg as object).constructor?.name ?? typeof arg}]`;
}

/**
 * Sends what libraries write with console.error/warn/info/debug/trace (botbuilder prints whole errors with
 * their stacks, and the keys it tried) through our logger instead of raw to stderr: one structured line, errors
 * reduced to their facts, objects to their kind, so no request, header or token slips out. `console.log` stays
 * for the server's own human-readable line. Returns the function that restores the console.
 */
export function routeConsoleToLogger(log: Logger): () => void {
  const methods = ['error', 'warn', 'info', 'debug', 'trace'] as const;
  const saved = methods.map((m) => [m, console[m]] as const);
  for (const m of methods) {
    const level = m === 'error' ? 'error' : m === 'warn' ? 'warn' : 'debug';
    console[m] = (...args: unknown[]) =>
      log[level]({ source: 'console', args: args.map(describeArgument) }, 'library output');
  }
  return () => {
    for (const [m, original] of saved) console[m] = original;
  };
}
