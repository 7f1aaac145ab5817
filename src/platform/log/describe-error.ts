/**
 * The loggable facts of an error. Connector errors carry the HTTP request, headers and bearer token included,
 * so errors are never logged whole: only these fields, which hold no secrets.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & { code?: unknown; statusCode?: unknown; cause?: unknown };
  return {
    name: e.name,
    message: e.message,
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.statusCode !== undefined ? { statusCode: e.statusCode } : {}),
    stack: e.stack?.split('\n').slice(0, 8).join('\n'),
    ...(e.cause !== undefined ? { cause: describeError(e.cause) } : {}),
  };
}
