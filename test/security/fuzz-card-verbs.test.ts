/**
 * Fuzzing every card verb where it acts: as Dana, an account manager mapped to Salesforce who owns key accounts, in
 * her 1:1 chat, in Northwind's linked internal channel and in the linked channel shared with the client; and as a
 * client's person (another tenant, read from the roster) rating in that shared channel. So each verb gets past
 * "who are you" and reaches its validation, against the Bot Connector stand-in (see ratings-world). The world is
 * pinned at NOW: the demo org's meetings, the open March 2026 check-in, and April as the month a meeting logged now
 * belongs to (the rating round is opened on the system clock, as the database stamps it).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/features/cards/verbs.ts';
import { useRatingsWorld } from '../support/ratings-world.ts';
import { changedTables, databaseSnapshot } from '../support/database-snapshot.ts';
import { type CardData, SPOILS, type SpoilContext } from '../support/card-verb-spoils.ts';
import { hostileString, hostileValue } from '../support/hostile-values.ts';
import {
  type Actor,
  actorsOf,
  cardVerbCases,
  deliverInvoke,
  invokeOf,
  type VerbCase,
} from '../support/card-verb-cases.ts';

const NOW = new Date('2026-04-15T09:00:00Z');
const w = useRatingsWorld({ at: NOW.toISOString() });
const { t } = w;
/** Random runs per rule of a writing verb (about 40 rules, each with its edges too) and of the random property. */
const RUNS_PER_RULE = 6;
const RANDOM_RUNS = 150;

const ACTORS = actorsOf(w);
let cases: VerbCase[] = [];
let context: SpoilContext;

/** An `adaptiveCard/action` invoke of `verb` with `data`, as Teams sends a click on Action.Execute. */
const send = (actor: Actor, verb: string, data: unknown) => deliverInvoke(w, invokeOf(w, actor, verb, data));

/** Log lines of a turn that failed (a 5xx or an unhandled error) from line `from` on. */
const failures = (from: number) =>
  t.bot.logs.lines
    .slice(from)
    .filter((l) => ['turn failed', 'request failed', 'card action failed'].includes(String(l.msg)));

beforeAll(async () => {
  ({ cases, context } = await cardVerbCases(w, NOW));
});

/** Each case as its own card sends it must be accepted, or the fuzz below would only meet refusals of who asks. */
async function expectEveryCaseAccepted(only: (c: VerbCase) => boolean = () => true) {
  for (const c of cases.filter(only)) {
    const answer = await send(c.actor, c.verb, c.data);
    expect(answer.text, `${c.verb} from ${c.actor.name}`).toContain(c.accepted);
  }
}

describe('Fuzzing every card verb as a mapped account manager in linked places and as a client rater', () => {
  it(
    'When each card verb arrives with the data its own card sends, from someone who may use it there, ' +
      'then it is accepted: a reading verb answers with its card, a writing verb stores',
    async () => {
      expect(new Set(cases.map((c) => c.verb))).toEqual(new Set(Object.values(VERBS)));
      await expectEveryCaseAccepted();
    },
  );

  it('When a writing verb arrives with its data spoiled by a value one of its rules refuses, then the ' +
    'answer is a refusal below 500 and nothing at all is stored', async () => {
    const writing = cases.filter((c) => SPOILS[c.verb]);
    await expectEveryCaseAccepted((c) => writing.includes(c));
    const logged = t.bot.logs.lines.length;
    // One spoil at a time (a second one would hide a rule that lets its value through): each rule's edges, then more.
    for (const c of writing)
      for (const [rule, spoil] of Object.entries(SPOILS[c.verb]!(context))) {
        const refused = async (spoiled: CardData) => {
          const where = `${c.verb} from ${c.actor.name}, ${rule}: ${JSON.stringify(spoiled).slice(0, 200)}`;
          const before = await databaseSnapshot(t.tdb.db);
          const answer = await send(c.actor, c.verb, { ...c.data, ...spoiled });
          expect(answer.status, where).toBeLessThan(500);
          expect(answer.statusCode, where).toBeLessThan(500);
          expect(answer.text, where).not.toContain(c.accepted);
          expect(changedTables(before, await databaseSnapshot(t.tdb.db)), where).toEqual([]);
        };
        for (const edge of spoil.edges) await refused(edge);
        if (spoil.more) await fc.assert(fc.asyncProperty(spoil.more, refused), { numRuns: RUNS_PER_RULE });
      }
    expect(failures(logged)).toEqual([]);
  }, 120_000);

  it('When random data arrives for any verb, alone or over the data its card sends, from each of them in ' +
    'each place, then every answer is below 500, no turn fails, and a refused or reading action stores ' +
    'nothing', async () => {
    const logged = t.bot.logs.lines.length;
    const verb = fc.oneof(fc.constantFrom(...Object.values(VERBS)), hostileString);
    const noise = fc.dictionary(hostileString, hostileValue, { maxKeys: 6 });
    const overCard = (v: string) =>
      fc.tuple(fc.constantFrom(...cases.filter((c) => c.verb === v).map((c) => c.data)), noise).chain(([data, extra]) =>
        // Values of the card's own fields changed (and of one it lacks: a rating refresh sends no field).
        fc
          .dictionary(fc.constantFrom(...Object.keys(data), 'comment'), hostileValue, { maxKeys: 3 })
          .map((changed) => ({ ...data, ...extra, ...changed }) as unknown),
      );
    const input = fc
      .tuple(fc.constantFrom(...ACTORS.map((a) => a.name)), verb)
      .chain(([actor, v]) =>
        fc
          .oneof(
            noise as fc.Arbitrary<unknown>,
            hostileValue,
            ...(cases.some((c) => c.verb === v) ? [overCard(v)] : []),
          )
          .map((data) => ({ actor, verb: v, data })),
      );
    await fc.assert(
      fc.asyncProperty(input, async ({ actor, verb: v, data }) => {
        const before = await databaseSnapshot(t.tdb.db);
        const answer = await send(ACTORS.find((a) => a.name === actor)!, v, data);
        expect(answer.status).toBeLessThan(500);
        expect(answer.statusCode).toBeLessThan(500);
        const accepted = cases.find((c) => c.verb === v && SPOILS[v])?.accepted;
        if (!accepted || !answer.text.includes(accepted))
          expect(changedTables(before, await databaseSnapshot(t.tdb.db))).toEqual([]);
      }),
      { numRuns: RANDOM_RUNS },
    );
    expect(failures(logged)).toEqual([]);
  }, 120_000);
});
