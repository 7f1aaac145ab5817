import { describe, expect, it } from 'vitest';
import { knownChats } from '../../src/edge/bot/known-chats.ts';

describe('known personal chats', () => {
  it('When a chat was added less than the time to live ago, then it is known; after, it is read again', () => {
    let clock = 0;
    const chats = knownChats({ ttlMs: 1000, now: () => clock });
    chats.add('a:1');
    clock = 999;
    expect(chats.has('a:1')).toBe(true);
    clock = 1000;
    expect(chats.has('a:1')).toBe(false);
    expect(chats.has('a:2')).toBe(false);
  });

  it('When a chat is forgotten (uninstalled), then it is no longer known', () => {
    const chats = knownChats();
    chats.add('a:1');
    chats.forget('a:1');
    expect(chats.has('a:1')).toBe(false);
  });

  it('When more chats are added than the bound, then the oldest is dropped first', () => {
    const chats = knownChats({ max: 2 });
    chats.add('a:1');
    chats.add('a:2');
    chats.add('a:1');
    chats.add('a:3');
    expect([chats.has('a:1'), chats.has('a:2'), chats.has('a:3')]).toEqual([true, false, true]);
  });
});
