import { DeliveryError } from './teams-delivery.ts';

interface ConnectorError {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get?(name: string): string | undefined } | Record<string, string>; bodyAsText?: string };
}

function header(e: ConnectorError, name: string): string | undefined {
  const h = e.response?.headers;
  if (!h) return undefined;
  return typeof (h as { get?: unknown }).get === 'function'
    ? (h as { get(n: string): string | undefined }).get(name)
    : (h as Record<string, string>)[name];
}

/** Socket and DNS failures (Node's codes, undici's, and @azure/core-rest-pipeline's own), worth another try. */
const NETWORK_CODES = /^(E[A-Z]+|UND_ERR_[A-Z_]+|REQUEST_SEND_ERROR)$/;

function isNetworkFailure(e: ConnectorError & { name?: string; cause?: { code?: string } }): boolean {
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return true;
  return [e.code, e.cause?.code].some((code) => typeof code === 'string' && NETWORK_CODES.test(code));
}

/**
 * Maps a Bot Connector failure to what the engine does: wait (429), give up on the user (403/404), retry (5xx, 412,
 * network), or stop (any other refusal, and errors raised inside the bot, which a retry would only repeat).
 */
export function classifyConnectorError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = error as ConnectorError;
  const status = e.statusCode ?? 0;
  const body = e.response?.bodyAsText ?? '';
  const code = /"code"\s*:\s*"([^"]+)"/.exec(body)?.[1] ?? e.code ?? '';
  const retryAfter = Number(header(e, 'retry-after'));
  const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined;
  if (status === 429)
    return new DeliveryError('throttled', `Teams throttled the bot (429${code ? ` ${code}` : ''})`, retryAfterMs, {
      cause: error,
    });
  if (status === 403 || status === 404) {
    const reason =
      code === 'MessageWritesBlocked'
        ? 'the user blocked the bot'
        : status === 404
          ? 'the user or chat was not found'
          : 'the app is not installed for the user';
    return new DeliveryError('unreachable', `${reason} (${status}${code ? ` ${code}` : ''})`, undefined, {
      cause: error,
    });
  }
  if (status === 412 || status >= 500)
    return new DeliveryError('transient', `Teams answered ${status}`, retryAfterMs, { cause: error });
  if (status === 0) {
    // No answer from Teams: a network failure is retried; anything else failed inside the bot, and would fail again.
    if (isNetworkFailure(e))
      return new DeliveryError(
        'transient',
        `Teams could not be reached (${e.code ?? e.message ?? 'network error'})`,
        undefined,
        { cause: error },
      );
    return new DeliveryError(
      'permanent',
      `the send failed in the bot before reaching Teams: ${(error as Error)?.message ?? String(error)}`,
      undefined,
      { cause: error },
    );
  }
  return new DeliveryError(
    'permanent',
    `Teams refused the message (${status}${code ? ` ${code}` : ''}): ${e.message ?? ''}`.trim(),
    undefined,
    { cause: error },
  );
}
