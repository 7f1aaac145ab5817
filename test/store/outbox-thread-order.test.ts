import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxStore, type OutboxItem } from '../../src/store/outbox-store.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.ts';

const message = (thread: string, text: string) => ({
  to: { kind: 'conversation', conversationId: thread },
  activity: { type: 'message', text },
  threadKey: thread,
  tenantId: 't1',
});
const texts = (items: OutboxItem[]) => items.map((i) => (i.payload.activity as { text: string }).text);

describe.each(testDatabaseKinds())('The Teams outbox keeps each thread in order (%s)', (kind) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await openTestDatabase(kind);
  });
  afterAll(() => tdb?.close());

  it('When the first message of a thread waits for a retry and its successors fall due first, then none of them is claimable until it is delivered', async () => {
    const outbox = outboxStore(tdb.db);
    for (const n of [1, 2, 3]) await outbox.enqueue('teams', 'note', `a:${n}`, message('chat-a', `a${n}`));
    await outbox.enqueue('teams', 'note', 'b:1', message('chat-b', 'b1'));
    const first = await outbox.claim('teams', 10, 60_000);
    expect(texts(first)).toEqual(['a1', 'a2', 'a3', 'b1']);
    const [a1, a2, a3, b1] = first as [OutboxItem, OutboxItem, OutboxItem, OutboxItem];
    // a1 got a 429 with a long Retry-After; its successors were put back with shorter timers (a later batch's
    // timing), and b1 of another thread failed transiently.
    await outbox.retryLater(a1, 60_000, '429');
    await outbox.postpone(a2, 0);
    await outbox.postpone(a3, 0);
    await outbox.retryLater(b1, 0, '503');
    // A message of another kind in the same thread waits too.
    await outbox.enqueue('teams', 'prompt', 'a:prompt', message('chat-a', 'a-prompt'));

    expect(texts(await outbox.claim('teams', 10, 60_000))).toEqual(['b1']);
    expect(await outbox.claim('teams', 10, 60_000)).toEqual([]);

    await tdb.db.query(`UPDATE outbox SET next_attempt_at = now() WHERE key = 'a:1'`);
    const resumed = await outbox.claim('teams', 10, 60_000);
    expect(texts(resumed)).toEqual(['a1', 'a2', 'a3']);
    for (const item of resumed) await outbox.complete(item, {});
    expect(texts(await outbox.claim('teams', 10, 60_000))).toEqual(['a-prompt']);
  });
});
