/**
 * Every card verb where it acts, with the data its own card sends: as Dana, an account manager mapped to Salesforce
 * who owns key accounts, in her 1:1 chat, in Northwind's linked internal channel and in the linked channel shared with
 * the client; and as a client's person (another tenant, read from the roster) rating in that shared channel. So each
 * verb gets past "who are you" and reaches what it does. Built in a ratings world (see ratings-world.ts) whose
 * check-in month is open; the fuzz and the redelivery tests start from here.
 */
import { cyclePeriodsStore } from '../../src/adapters/store/cycle-periods-store.ts';
import { expect } from 'vitest';
import { VERBS } from '../../src/features/cards/verbs.ts';
import { lastEndedPeriod, periodOf } from '../../src/core/domain/period.ts';
import { channelLinksStore } from '../../src/adapters/store/channel-links-store.ts';
import { accountManagerFor } from '../../src/features/people/account-manager-for.ts';
import { ids } from './start-test-bot.ts';
import { plusDays } from '../../src/core/domain/local-time.ts';
import { RESPONSIVENESS, type useRatingsWorld } from './ratings-world.ts';
import { actions, inputValues } from './card-client.ts';
import type { CardData, SpoilContext } from './card-verb-spoils.ts';
import type { Conversation } from '../../src/stand-ins/teams/teams-state.ts';

type World = ReturnType<typeof useRatingsWorld>;

/** Who acts, and where: the account manager in each place a verb of hers works, and the client's rater. */
export interface Actor {
  name: string;
  from: () => string;
  place: () => Conversation;
}

/** One verb as someone who may use it there sends it, and what its answer holds when it was accepted. */
export interface VerbCase {
  verb: string;
  actor: Actor;
  data: CardData;
  accepted: string;
}

/** The four actors of a ratings world: Dana in her chat, in the internal and in the shared channel; the client's rater. */
export function actorsOf(w: World): [Actor, Actor, Actor, Actor] {
  const dana = () => w.m.dana!.id;
  return [
    { name: 'Dana in her 1:1 chat', from: dana, place: () => w.t.bot.teams.state.personalConversation(w.m.dana!) },
    { name: "Dana in Northwind's internal channel", from: dana, place: () => w.internal },
    { name: 'Dana in the shared channel', from: dana, place: () => w.shared },
    { name: "the client's rater in the shared channel", from: () => w.m.c1!.id, place: () => w.shared },
  ];
}

/** An `adaptiveCard/action` invoke of `verb` with `data` from `actor`, as Teams sends a click on Action.Execute. */
export function invokeOf(w: World, actor: Actor, verb: string, data: unknown): Record<string, unknown> {
  return w.t.bot.teams.activity(actor.place(), actor.from(), {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });
}

/** Posts an activity to the bot: the HTTP status, the invoke response's status code, and its body as text. */
export async function deliverInvoke(w: World, activity: Record<string, unknown>) {
  const res = await w.t.bot.teams.deliver(activity);
  const statusCode = (res.body as { statusCode?: number } | undefined)?.statusCode ?? res.status;
  return { status: res.status, statusCode, text: JSON.stringify(res.body) };
}

/**
 * Links both channels, opens a rating round and the check-in month before `now`, and returns each verb's accepted
 * case with the ids the spoils refer to. Call in `beforeAll` of a file using `useRatingsWorld({ at: now })`.
 */
export async function cardVerbCases(w: World, now: Date): Promise<{ cases: VerbCase[]; context: SpoilContext }> {
  const [inChat, inInternal, inShared, client] = actorsOf(w);
  const period = lastEndedPeriod(now);
  const thisMonth = periodOf(now);
  const db = w.t.tdb.db;
  await w.linkBoth();
  expect(await w.say('dana', w.internal, 'start rating round')).toContain('is open until');
  await cyclePeriodsStore(db).openPeriod(period);
  const me = await accountManagerFor(db, w.m.dana!.id);
  const mine = (await channelLinksStore(db).accountsOnTeamOf(me.sfUserId)).map((a) => a.id);
  const keyAccounts = await db.query<{ id: string }>('SELECT id FROM sf_accounts WHERE is_key ORDER BY name');
  const roundId = (await w.openRound()).id;
  // The return form as Dana's card shows it: its inputs and the data of its Save action.
  const opened = await deliverInvoke(w, invokeOf(w, inChat, VERBS.openReturn, { period, accountId: w.northwind }));
  const form = JSON.parse(opened.text).value as unknown;
  const save = actions(form).find((a) => a.verb === VERBS.saveReturn)!;
  const saveData: CardData = { ...inputValues(form), ...(save.data as CardData), ballWith: 'joint' };
  const context: SpoilContext = {
    period,
    thisMonth,
    account: w.northwind,
    otherMine: mine.filter((a) => a !== w.northwind),
    foreign: keyAccounts.map((a) => a.id).find((a) => !mine.includes(a))!,
    eventIds: (saveData.eventIds ?? '').split(',').filter(Boolean),
    element: w.el(RESPONSIVENESS),
    roundId,
    clientTenant: ids.clientTenant,
    today: now.toISOString().slice(0, 10),
  };
  const rating = { roundId, [`p_${context.element}`]: '2', [`i_${context.element}`]: '5' };
  const meeting = { accountId: w.northwind, date: `${thisMonth}-02`, minutes: '45', clients: '3', faceToFace: 'true' };
  // Due in two weeks: inside the window an action's date may take, wherever NOW is. Every stored action's answer
  // (added, or proposed to our people) names its owner and date: the mark of an accepted save.
  const due = plusDays(context.today, 14);
  const action = { about: `e:${context.element}`, title: 'Weekly delivery call', due };
  const cases: VerbCase[] = [
    { verb: VERBS.listReturns, actor: inChat, data: { period }, accepted: VERBS.openReturn },
    { verb: VERBS.openReturn, actor: inChat, data: { period, accountId: w.northwind }, accepted: VERBS.saveReturn },
    { verb: VERBS.saveReturn, actor: inChat, data: saveData, accepted: 'Saved. Thank you.' },
    { verb: VERBS.logMeeting, actor: inChat, data: meeting, accepted: 'Logged for ' },
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
    { verb: VERBS.openActionForm, actor: inInternal, data: {}, accepted: VERBS.saveAction },
    { verb: VERBS.openActionForm, actor: client, data: {}, accepted: VERBS.saveAction },
    {
      verb: VERBS.saveAction,
      actor: inInternal,
      data: { ...action, owner: 'aad-dana', visibility: 'internal' },
      accepted: `, due ${due}`,
    },
    { verb: VERBS.saveAction, actor: client, data: { ...action, owner: 'aad-c1' }, accepted: `, due ${due}` },
  ];
  return { cases, context };
}
