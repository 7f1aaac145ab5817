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
import { VERBS } from '../../src/cards/verbs.ts';
import { lastEndedPeriod, periodOf } from '../../src/domain/period.ts';
import { returnsStore } from '../../src/store/returns-store.ts';
import { channelLinksStore } from '../../src/store/channel-links-store.ts';
import { accountManagerFor } from '../../src/people/account-manager-for.ts';
import { ids } from '../support/start-test-bot.ts';
import { RESPONSIVENESS, useRatingsWorld } from '../support/ratings-world.ts';
import { actions, inputValues } from '../support/card-client.ts';
import { changedTables, databaseSnapshot } from '../support/database-snapshot.ts';
import { type CardData, SPOILS, type SpoilContext } from '../support/card-verb-spoils.ts';
import { hostileString, hostileValue } from '../support/hostile-values.ts';
import type { Conversation } from '../stand-ins/teams/teams-state.ts';

const NOW = new Date('2026-04-15T09:00:00Z');
/** The check-in month open at NOW (March 2026), and the month a meeting logged at NOW belongs to (April). */
const PERIOD = lastEndedPeriod(NOW);
const THIS_MONTH = periodOf(NOW);
const w = useRatingsWorld({ at: NOW.toISOString() });
const { t } = w;
/** Random runs per rule of a writing verb (about 40 rules, each with its edges too) and of the random property. */
const RUNS_PER_RULE = 6;
const RANDOM_RUNS = 150;

/** Who acts, and where: the account manager in each place a verb of hers works, and the client's rater. */
interface Actor {
  name: string;
  from: () => string;
  place: () => Conversation;
}
const dana = () => w.m.dana!.id;
const ACTORS: Actor[] = [
  { name: 'Dana in her 1:1 chat', from: dana, place: () => t.bot.teams.state.personalConversation(w.m.dana!) },
  { name: "Dana in Northwind's internal channel", from: dana, place: () => w.internal },
  { name: 'Dana in the shared channel', from: dana, place: () => w.shared },
  { name: "the client's rater in the shared channel", from: () => w.m.c1!.id, place: () => w.shared },
];
const [inChat, inInternal, inShared, client] = ACTORS as [Actor, Actor, Actor, Actor];

/** One verb as someone who may use it there sends it, and what its answer holds when it was accepted. */
interface VerbCase {
  verb: string;
  actor: Actor;
  data: CardData;
  accepted: string;
}
let cases: VerbCase[] = [];
let context: SpoilContext;

/** An `adaptiveCard/action` invoke of `verb` with `data`, as Teams sends a click on Action.Execute. */
async function send(actor: Actor, verb: string, data: unknown) {
  const res = await t.bot.teams.deliver(
    t.bot.teams.activity(actor.place(), actor.from(), {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    }),
  );
  const statusCode = (res.body as { statusCode?: number } | undefined)?.statusCode ?? res.status;
  return { status: res.status, statusCode, text: JSON.stringify(res.body) };
}

/** Log lines of a turn that failed (a 5xx or an unhandled error) from line `from` on. */
const failures = (from: number) =>
  t.bot.logs.lines
    .slice(from)
    .filter((l) => ['turn failed', 'request failed', 'card action failed'].includes(String(l.msg)));

beforeAll(async () => {
  await w.linkBoth();
  expect(await w.say('dana', w.internal, 'start rating round')).toContain('is open until');
  await returnsStore(t.tdb.db).openPeriod(PERIOD);
  const me = await accountManagerFor(t.tdb.db, dana());
  const mine = (await channelLinksStore(t.tdb.db).accountsOnTeamOf(me.sfUserId)).map((a) => a.id);
  const keyAccounts = await t.tdb.db.query<{ id: string }>('SELECT id FROM sf_accounts WHERE is_key ORDER BY name');
  const roundId = (await w.openRound()).id;
  // The return form as Dana's card shows it: its inputs and the data of its Save action.
  const form = JSON.parse((await send(inChat, VERBS.openReturn, { period: PERIOD, accountId: w.northwind })).text)
    .value as unknown;
  const save = actions(form).find((a) => a.verb === VERBS.saveReturn)!;
  const saveData: CardData = { ...inputValues(form), ...(save.data as CardData), ballWith: 'joint' };
  context = {
    period: PERIOD,
    thisMonth: THIS_MONTH,
    account: w.northwind,
    otherMine: mine.filter((a) => a !== w.northwind),
    foreign: keyAccounts.map((a) => a.id).find((a) => !mine.includes(a))!,
    eventIds: (saveData.eventIds ?? '').split(',').filter(Boolean),
    element: w.el(RESPONSIVENESS),
    roundId,
    clientTenant: ids.clientTenant,
  };
  const rating = { roundId, [`p_${context.element}`]: '2', [`i_${context.element}`]: '5' };
  cases = [
    { verb: VERBS.listReturns, actor: inChat, data: { period: PERIOD }, accepted: VERBS.openReturn },
    {
      verb: VERBS.openReturn,
      actor: inChat,
      data: { period: PERIOD, accountId: w.northwind },
      accepted: VERBS.saveReturn,
    },
    { verb: VERBS.saveReturn, actor: inChat, data: saveData, accepted: 'Saved. Thank you.' },
    {
      verb: VERBS.logMeeting,
      actor: inChat,
      data: { accountId: w.northwind, date: `${THIS_MONTH}-10`, minutes: '45', clients: '3', faceToFace: 'true' },
      accepted: 'Logged for ',
    },
    {
      verb: VERBS.linkChannel,
      actor: inInternal,
      data: { accountId: w.northwind },
      accepted: 'This channel is now linked',
    },
    {
      verb: VERBS.linkShared,
      actor: inShared,
      data: { accountId: w.northwind, tenants: ids.clientTenant },
      accepted: 'This channel is now the channel shared with the client',
    },
    { verb: VERBS.viewRating, actor: client, data: {}, accepted: VERBS.saveRating },
    { verb: VERBS.viewRating, actor: inInternal, data: {}, accepted: VERBS.saveRating },
    { verb: VERBS.saveRating, actor: client, data: rating, accepted: 'your answers are saved' },
    { verb: VERBS.saveRating, actor: inInternal, data: rating, accepted: 'your answers are saved' },
  ];
});

/** Each case as its own card sends it must be accepted, or the fuzz below would only meet refusals of who asks. */
async function expectEveryCaseAccepted(only: (c: VerbCase) => boolean = () => true) {
  for (const c of cases.filter(only)) {
    const answer = await send(c.actor, c.verb, c.data);
    expect(answer.text, `${c.verb} from ${c.actor.name}`).toContain(c.accepted);
  }
}

describe('Fuzzing every card verb as a mapped account manager in linked places and as a client rater', () => {
  it('When each card verb arrives with the data its own card sends, from someone who may use it there, then it is accepted: a reading verb answers with its card, a writing verb stores', async () => {
    expect(new Set(cases.map((c) => c.verb))).toEqual(new Set(Object.values(VERBS)));
    await expectEveryCaseAccepted();
  });

  it('When a writing verb arrives with its data spoiled by a value one of its rules refuses, then the answer is a refusal below 500 and nothing at all is stored', async () => {
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

  it('When random data arrives for any verb, alone or over the data its card sends, from each of them in each place, then every answer is below 500, no turn fails, and a refused or reading action stores nothing', async () => {
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
