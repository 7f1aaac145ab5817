/**
 * The one error type for a refusal the user should read (not mapped to Salesforce, not your account, not in a
 * channel, already linked): the bot's router turns it into the reply, for commands and card actions alike, and
 * logs it at info; the tab's API will turn it into a 4xx with the same text. Anything else that is thrown is a
 * fault: logged with its cause, answered with a reference, never with its message.
 */
export class PulseError extends Error {
  override readonly name = 'PulseError';

  constructor(
    /** Stable machine-readable code, e.g. `NOT_MAPPED`, for logs and API clients. */
    readonly code: string,
    /** What the user is told: plain text, safe to show, saying what to do next. */
    readonly userText: string,
    options: { cause?: unknown } = {},
  ) {
    super(userText, options);
  }
}

/** True for a refusal meant for the user (a PulseError), false for a fault. */
export function isPulseError(error: unknown): error is PulseError {
  return error instanceof PulseError;
}
