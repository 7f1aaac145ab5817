import type { TabErrorBody } from '../../src/features/tab/tab-views.ts';

/** A refusal or failure of the tab API, carrying the sentence the server wrote for the user. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** GETs one of the tab API's view models (or POSTs `body` as JSON) with the host's sign-in headers. */
export async function getJson<T>(path: string, headers: Record<string, string>, payload?: unknown): Promise<T> {
  const res = await fetch(
    path,
    payload === undefined
      ? { headers: { Accept: 'application/json', ...headers } }
      : {
          method: 'POST',
          headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify(payload),
        },
  );
  const body = (await res.json().catch(() => null)) as T | TabErrorBody | null;
  if (!res.ok) {
    const message = (body as TabErrorBody | null)?.error?.message ?? `The server answered ${res.status}.`;
    throw new ApiError(res.status, message);
  }
  return body as T;
}
