import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.ts';
import { buildRoutes } from '../../src/bot/routes.ts';
import { nulCharacterPath } from '../../src/bot/activity-schema.ts';
import { homeMember, ids, useTestBot } from '../support/start-test-bot.ts';
import type { Member } from '../stand-ins/teams/teams-state.ts';

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

/** What a refused input must leave untouched: every table a handler writes. */
const TABLES = ['teams_users', 'installations', 'monthly_returns', 'channel_links', 'outbox'];
async function snapshot(): Promise<string> {
  const counts: number[] = [];
  for (const table of TABLES)
    counts.push((await t.tdb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n);
  return counts.join(',');
}

/** Property names of every object, hostile dates, NUL and other control characters, Markdown, huge strings. */
const hostileString = fc.oneof(
  fc.constantFrom('constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty', 'prototype'),
  fc.constantFrom('2026-09-31', '2026-02-30', '0000-00-00', '9999-99-99', '2026-10-15T25:61:00Z'),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\u0007\u001b[31m',
    '\u202e',
    '\ud800',
    '[x](https://evil.example)',
    '<at>all</at>',
  ),
  fc.constantFrom('return.save', 'return.open', '001000000000001', '001000000000001AAA', '-1', '1e308', 'NaN'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 5 }),
  ),
})).value;

const commands = buildRoutes()
  .commandList()
  .map((c) => c.name);

describe('Fuzzing the bot: never a 5xx, never a crash, nothing stored for refused input', () => {
  it('When random card actions arrive for every verb, in the 1:1 chat and a channel, then every answer is below 500 and no turn fails', async () => {
    const verbs = fc.oneof(fc.constantFrom(...Object.values(VERBS)), hostileString);
    await fc.assert(
      fc.asyncProperty(
        verbs,
        fc.dictionary(hostileString, hostileValue, { maxKeys: 8 }),
        fc.boolean(),
        async (verb, data, inChannel) => {
          const chat = inChannel
            ? t.bot.teams.state.conversation('19:fuzzteam@thread.tacv2')!
            : t.bot.teams.state.personalConversation(alice);
          const value = { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' };
          const res = await t.bot.teams.deliver(
            t.bot.teams.activity(chat, alice.id, { type: 'invoke', name: 'adaptiveCard/action', value }),
          );
          expect(res.status).toBeLessThan(500);
          expect((res.body as { statusCode?: number } | undefined)?.statusCode ?? 200).toBeLessThan(500);
        },
      ),
      { numRuns: 100, interruptAfterTimeLimit: 30_000 },
    );
    expect(t.bot.logs.lines.filter((l) => l.msg === 'turn failed' || l.msg === 'request failed')).toEqual([]);
  }, 180_000);

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
      { numRuns: 80, interruptAfterTimeLimit: 30_000 },
    );
    expect(t.bot.logs.lines.filter((l) => l.msg === 'turn failed' || l.msg === 'request failed')).toEqual([]);
  }, 180_000);

  it('When malformed activities arrive (missing fields, hostile values, NUL, property names as keys), then each is refused below 500 and nothing is stored', async () => {
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
        const before = await snapshot();
        const res = await t.bot.teams.deliver(activity);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(await snapshot()).toBe(before);
      }),
      { numRuns: 150, interruptAfterTimeLimit: 30_000 },
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
          const before = await snapshot();
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
          expect(await snapshot()).toBe(before);
        },
      ),
      { numRuns: 40, interruptAfterTimeLimit: 30_000 },
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
