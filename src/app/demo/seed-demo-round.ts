import type { Database, Queryable } from '../../adapters/store/database.ts';
import { actionsStore } from '../../adapters/store/actions-store.ts';
import { previewIdentity } from './preview-users.ts';
import { plusDays } from '../../core/domain/local-time.ts';
import { ratingsStore } from '../../adapters/store/ratings-store.ts';
import { irritantsStore } from '../../adapters/store/irritants-store.ts';
import { DEFAULT_ELEMENTS } from '../../core/scoring/round-results.ts';
import { tabStore } from '../../adapters/store/tab-store.ts';

/** The account whose finished round the demo ships (the one the README walks through). */
const DEMO_ACCOUNT = 'Northwind Logistics';

/**
 * Performance and importance per default element (in DEFAULT_ELEMENTS order) for four client raters and two
 * internal ones: the account team rates responsiveness far above the client, so the perception gap shows.
 */
const CLIENT: [number, number][][] = [
  [
    [4, 4],
    [3, 4],
    [3, 3],
    [3, 4],
    [2, 5],
    [4, 4],
  ],
  [
    [4, 5],
    [3, 4],
    [2, 4],
    [4, 3],
    [2, 5],
    [4, 3],
  ],
  [
    [3, 4],
    [4, 3],
    [3, 3],
    [3, 4],
    [1, 5],
    [3, 4],
  ],
  [
    [4, 4],
    [3, 4],
    [3, 4],
    [4, 4],
    [2, 4],
    [4, 4],
  ],
];
const INTERNAL: [number, number][][] = [
  [
    [4, 4],
    [4, 4],
    [3, 3],
    [4, 4],
    [4, 4],
    [4, 4],
  ],
  [
    [5, 4],
    [4, 4],
    [3, 4],
    [4, 3],
    [5, 4],
    [4, 4],
  ],
];

/** The demo round's shared channel had this many client members when it closed (four of them rated). */
const CLIENT_MEMBERS_AT_CLOSE = 6;

/**
 * A finished rating round for the demo's walkthrough account, so a newcomer sees priorities, the perception gap
 * and an irritant before running a round: four client raters (past MIN_RATERS 3) and two internal ones, closed a
 * month ago. Only with the demo org, and only when the account has no round yet; returns whether it wrote one.
 */
export async function seedDemoRound(db: Database, now: Date): Promise<boolean> {
  const accountId = await tabStore(db).keyAccountIdByName(DEMO_ACCOUNT);
  if (!accountId) return false;
  // One transaction: the round is never seen open, nor closed with half its answers.
  return db.transaction(async (tx) => {
    const store = ratingsStore(tx);
    const day = 24 * 3600_000;
    const round = await store.recordPastRound(
      accountId,
      new Date(now.getTime() - 45 * day),
      new Date(now.getTime() - 31 * day),
    );
    if (!round) return false;
    const elements = await store.activeElements(accountId, DEFAULT_ELEMENTS);
    const save = (key: string, side: 'client' | 'internal', scores: [number, number][], comment: string | null) =>
      store.saveResponse(round.id, key, {
        side,
        comment,
        commentElementId: comment ? elements[4]!.id : null,
        answers: scores.map(([performance, importance], i) => ({
          elementId: elements[i]!.id,
          performance,
          importance,
        })),
      });
    for (const [i, s] of CLIENT.entries())
      await save(`demo-client-${i + 1}`, 'client', s, i === 2 ? 'Support tickets wait days for a first answer' : null);
    for (const [i, s] of INTERNAL.entries()) await save(`demo-internal-${i + 1}`, 'internal', s, null);
    await irritantsStore(tx).addIrritant({
      accountId: accountId,
      roundId: round.id,
      elementId: elements[4]!.id,
      title: 'Support tickets wait days for a first answer',
      raisedBy: 'client',
      raisedAt: new Date(now.getTime() - 31 * day),
    });
    // Six client members were in the shared channel then: four rated.
    await store.closePastRound(round.id, CLIENT_MEMBERS_AT_CLOSE);
    await seedDemoPlan(tx, accountId, elements[4]!.id, now);
    return true;
  });
}

/**
 * The plan that followed the demo round (issue 27): our action on responsiveness done on time, the client's forecast
 * past its due date, and an internal action the client never sees; as the action form would have added them.
 */
async function seedDemoPlan(db: Queryable, accountId: string, elementId: string, now: Date): Promise<void> {
  const day = 24 * 3600_000;
  const date = (offset: number) => plusDays(now.toISOString().slice(0, 10), offset);
  const dana = previewIdentity('dana')!;
  const avery = previewIdentity('avery')!;
  const actions = actionsStore(db);
  const plan = [
    { title: 'Answer every new ticket within four working hours', owner: dana, side: 'ours', due: -10, joint: true },
    { title: 'Share the quarterly volume forecast', owner: avery, side: 'client', due: -3, joint: true },
    { title: 'Brief the new support lead on Northwind', owner: dana, side: 'ours', due: 10, joint: false },
  ] as const;
  for (const [i, a] of plan.entries()) {
    const id = await actions.add({
      accountId,
      actionKey: `demo-plan-${i + 1}`,
      elementId: i === 2 ? null : elementId,
      irritantId: null,
      title: a.title,
      ownerSide: a.side,
      ownerKey: a.owner.oid!,
      ownerTeamsId: null,
      ownerName: a.owner.name ?? a.owner.login ?? 'A member',
      dueOn: date(a.due),
      status: 'open',
      visibility: a.joint ? 'joint' : 'internal',
      createdBySide: a.side === 'ours' ? 'internal' : 'client',
      at: new Date(now.getTime() - 30 * day),
    });
    if (id && i === 0) await actions.change(accountId, id, 'open', 'done', null, new Date(now.getTime() - 14 * day));
  }
}
