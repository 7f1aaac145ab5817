/**
 * The personal chats this process has lately seen recorded and installed, so a 1:1 message or card action does
 * not read its installation again on every turn (it was one of a save's statements). Bounded in size and age: an
 * entry is trusted for `ttlMs`, then read again. Another replica's uninstall is seen at the latest then; a user
 * who writes in a chat after an uninstall has installed the app again anyway, and that install event is recorded
 * by whichever replica receives it.
 */
export interface KnownChats {
  /** True when the chat was recorded as installed here less than `ttlMs` ago. */
  has(conversationId: string): boolean;
  /** Remembers the chat as recorded and installed. */
  add(conversationId: string): void;
  /** Forgets the chat (it was uninstalled). */
  forget(conversationId: string): void;
}

/** A process-local set of known chats, the oldest dropped beyond `max` entries. */
export function knownChats({ max = 10_000, ttlMs = 10 * 60_000, now = () => performance.now() } = {}): KnownChats {
  // A Map keeps insertion order: re-adding moves an entry to the end, so the first entry is the oldest.
  const seen = new Map<string, number>();
  return {
    has(conversationId) {
      const at = seen.get(conversationId);
      if (at === undefined) return false;
      if (now() - at < ttlMs) return true;
      seen.delete(conversationId);
      return false;
    },
    add(conversationId) {
      seen.delete(conversationId);
      seen.set(conversationId, now());
      if (seen.size > max) seen.delete(seen.keys().next().value as string);
    },
    forget(conversationId) {
      seen.delete(conversationId);
    },
  };
}
