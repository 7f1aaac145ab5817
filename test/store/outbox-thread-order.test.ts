import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outboxStore, type OutboxItem } from '../../src/adapters/store/outbox-store.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.ts';

const message = (thread: string, text: string) => ({
  to: { kind: 'conversation', conversationId: thread },
  activity: { type: 'message', text },
  threadKey: thread,
  tenantId: 't1',
});
const texts = (items: OutboxItem[]) => items.map((i) => (i.payload.activity as { text: string }).text);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(testDatabaseKinds())(
  'The Teams outbox keeps each thread in order, one holder per message (%s)',
  (kind) => {
    let tdb: TestDatabase;
    beforeAll(async () => {
      tdb = await openTestDatabase(kind);
    });
    beforeEach(() => tdb.db.exec('DELETE FROM outbox'));
    afterAll(() => tdb?.close());

    it(
      'When the first message of a thread waits for a retry and its successors fall due first, then none ' +
        'of them is claimable until it is delivered',
      async () => {
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
        for (const item of resumed) {
          expect(await outbox.markSendStarted(item)).toBe(true);
          await outbox.complete(item, {});
        }
        expect(texts(await outbox.claim('teams', 10, 60_000))).toEqual(['a-prompt']);
      },
    );

    it('When a holder outlives its lease and another replica reclaims the message, then the late holder can neither send nor settle it', async () => {
      const outbox = outboxStore(tdb.db);
      await outbox.enqueue('teams', 'prompt', 'p:1', message('chat-p', 'p1'));
      const [late] = await outbox.claim('teams', 10, 100);
      await sleep(250); // the holder stalls (a loaded machine, a GC pause) past its lease
      const [owner] = await outbox.claim('teams', 10, 60_000);
      expect(owner?.id).toBe(late!.id);
      // This is the interleaving that prompted account managers twice: the stalled holder used to send regardless.
      expect(await outbox.markSendStarted(late!)).toBe(false);
      await outbox.retryLater(late!, 0, 'late');
      expect(await outbox.markSendStarted(owner!)).toBe(true);
      await outbox.complete(owner!, { ok: true });
      expect(await outbox.counts('teams')).toMatchObject({ done: 1, pending: 0, in_flight: 0 });
    });

    it.runIf(kind === 'postgres')(
      'When two instances claim and send concurrently with leases that run out mid-send, then every message is sent exactly once and each thread in order',
      async () => {
        const replicas = [tdb.db, tdb.openReplica()];
        const threads = 12;
        const perThread = 5;
        for (let n = 1; n <= perThread; n++)
          for (let t = 0; t < threads; t++)
            await outboxStore(tdb.db).enqueue(
              'teams',
              n % 2 ? 'note' : 'prompt',
              `t${t}:${n}`,
              message(`chat-${t}`, `${t}:${n}`),
            );
        const sent: string[] = [];
        let round = 0;
        // Each instance claims small batches with a 60 ms lease and "sends" (after the fenced mark) with a delay that
        // sometimes outlasts the lease, so the other instance reclaims what it has not started yet.
        const instance = async (db: (typeof replicas)[number], seed: number) => {
          const outbox = outboxStore(db);
          for (let idle = 0; idle < 40; ) {
            const batch = await outbox.claim('teams', 3, 60);
            if (!batch.length) {
              idle += 1;
              await sleep(15);
              continue;
            }
            idle = 0;
            for (const item of batch) {
              await sleep(((round++ * 7 + seed) % 5) * 15);
              if (!(await outbox.markSendStarted(item, 60_000))) break;
              sent.push((item.payload.activity as { text: string }).text);
              await outbox.complete(item, {});
            }
          }
        };
        await Promise.all(replicas.map((db, i) => instance(db, i)));
        expect(sent).toHaveLength(threads * perThread);
        expect(new Set(sent).size).toBe(threads * perThread);
        for (let t = 0; t < threads; t++)
          expect(sent.filter((s) => s.startsWith(`${t}:`))).toEqual(
            Array.from({ length: perThread }, (_, i) => `${t}:${i + 1}`),
          );
      },
      60_000,
    );
  },
);
