import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRoutes } from '../../src/edge/bot/routes.ts';
import { nulCharacterPath } from '../../src/edge/bot/activity-schema.ts';
import { homeMember, ids, useTestBot } from '../support/start-test-bot.ts';
import { changedTables, databaseSnapshot } from '../support/database-snapshot.ts';
import { hostileString, hostileValue } from '../support/hostile-values.ts';
import type { Member } from '../../src/stand-ins/teams/teams-state.ts';

/**
 * Fuzzing the bot's edge with input that never gets far: commands, malformed activities and bodies, from a person
 * the bot does not know. The card verbs, as people who get past "who are you", are fuzzed in fuzz-card-verbs.test.ts.
 * Each property runs a fixed number of cases: none is cut short by a time limit and counted as passed.
 */
// The per-client limit would answer 429 after a burst of refused requests; the fuzzer needs every one to reach
// the handlers (the limit has its own test in test/http/request-limits.test.ts).
const t = useTestBot({ resetEachTest: false, env: { RATE_LIMIT_PER_MINUTE: '0' } });
let alice: Member;
beforeAll(() => {
  alice = t.bot.teams.state.addMember(homeMember('29:fuzz-a', 'Fuzz Alice', 'f0f0f0f0-0000-4000-8000-00000000f0f0'), {
    installed: true,
  });
  t.bot.teams.state.addTeam({
    id: '19:fuzzteam@thread.tacv2',
    name: 'Fuzz',
    tenantId: ids.homeTenant,
    memberIds: [alice.id],
  });
});

const commands = buildRoutes()
  .commandList()
  .map((c) => c.name);

describe('Fuzzing the bot: never a 5xx, never a crash, nothing stored for refused input', () => {
  it('When every command arrives with hostile arguments, then every answer is below 500 and no turn fails', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...commands), hostileString, fc.boolean(), async (command, tail, inChannel) => {
        const chat = inChannel
          ? t.bot.teams.state.conversation('19:fuzzteam@thread.tacv2')!
          : t.bot.teams.state.personalConversation(alice);
        const text = `${inChannel ? '<at>Partnership Pulse</at> ' : ''}${command} ${tail}`;
        const res = await t.bot.teams.deliver(t.bot.teams.activity(chat, alice.id, { type: 'message', text }));
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
    expect(t.bot.logs.lines.filter((l) => l.msg === 'turn failed' || l.msg === 'request failed')).toEqual([]);
  }, 180_000);

  it('When malformed activities arrive (missing fields, hostile values, NUL, property names as keys), ' +
    'then each is refused below 500 and nothing is stored', async () => {
    const spoil = fc.record({
      path: fc.constantFrom(
        'type',
        'conversation',
        'conversation.id',
        'from',
        'from.id',
        'serviceUrl',
        'channelData',
        'value',
        'text',
        'name',
        'channelId',
        'recipient',
      ),
      value: hostileValue,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(spoil, { minLength: 1, maxLength: 3 }), async (spoils) => {
        const activity = t.bot.teams.activity(t.bot.teams.state.personalConversation(alice), alice.id, {
          type: 'message',
          text: 'status',
        });
        for (const { path, value } of spoils) {
          const [head, tail] = path.split('.') as [string, string | undefined];
          if (tail && activity[head] && typeof activity[head] === 'object')
            (activity[head] as Record<string, unknown>)[tail] = value;
          else activity[head] = value;
        }
        const before = await databaseSnapshot(t.tdb.db);
        const res = await t.bot.teams.deliver(activity);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(changedTables(before, await databaseSnapshot(t.tdb.db))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  }, 180_000);

  it('When bodies are compressed, oversized or not JSON at all, then they are refused below 500 and nothing is stored', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 200 }).map((s) => ({ raw: Buffer.from(s), headers: {} })),
      fc.uint8Array({ maxLength: 200 }).map((b) => ({ raw: Buffer.from(b), headers: {} })),
      fc.string({ maxLength: 200 }).map((s) => ({ raw: gzipSync(s), headers: { 'content-encoding': 'gzip' } })),
      fc
        .constantFrom('br', 'deflate', 'x-gzip', 'identity, gzip')
        .map((e) => ({ raw: Buffer.from('{}'), headers: { 'content-encoding': e } })),
      fc.integer({ min: 1, max: 3 }).map((mb) => ({ raw: Buffer.alloc(mb * 1024 * 1024 + 1, 0x7b), headers: {} })),
    );
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        async (b, type) => {
          const before = await databaseSnapshot(t.tdb.db);
          const res = await fetch(t.bot.teams.botEndpoint, {
            method: 'POST',
            headers: {
              'content-type': type,
              authorization: `Bearer ${await t.bot.teams.channelToken()}`,
              ...b.headers,
            },
            body: b.raw,
          });
          await res.arrayBuffer();
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(changedTables(before, await databaseSnapshot(t.tdb.db))).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
    expect((await fetch(t.bot.teams.botEndpoint.replace('/api/messages', '/healthz'))).status).toBe(200);
  }, 120_000);

  it('finds a NUL character wherever it hides in a body (keys and values, any depth)', () => {
    fc.assert(
      fc.property(hostileValue, fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }), (value, path) => {
        let nested: unknown = value;
        for (const key of path.reverse()) nested = { [key]: nested };
        const hasNul = JSON.stringify(nested).includes('\\u0000');
        return (nulCharacterPath(nested) !== undefined) === hasNul;
      }),
      { numRuns: 3000 },
    );
  });
});
