import type { InvokeAnswer } from './turn.ts';

/** The answer to an `adaptiveCard/action` invoke that replaces the card with `card`. */
export function cardResponse(card: unknown): InvokeAnswer {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } };
}

/** An answer that shows the user a message instead of a new card. */
export function messageResponse(text: string): InvokeAnswer {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } };
}

/** An error answer Teams shows in place of the card. */
export function errorResponse(statusCode: number, code: string, message: string): InvokeAnswer {
  return { status: 200, body: { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } } };
}
