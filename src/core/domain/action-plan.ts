/**
 * The action loop's rules (DOMAIN.md, rule 8): who may create, change and close which action, where an action may
 * be seen, and what "you said, we did" tells the next round. Pure: the use cases decide the asker's side from the
 * channel and the roster, then ask these rules.
 */

/** The side someone is on, as the roster decided it. */
export type Side = 'client' | 'internal';
/** Where a command or card comes from: the channel shared with the client, or the account's internal channel. */
export type Place = 'shared' | 'internal';
/** Who owns an action: one of our people or one of the client's. */
export type OwnerSide = 'ours' | 'client';
/** Proposed (by the client, for us to accept), open, done, or dropped (declined or given up). */
export type ActionStatus = 'proposed' | 'open' | 'done' | 'dropped';
/** Joint actions are client-safe and shown in the shared channel; internal ones never leave the account team. */
export type Visibility = 'joint' | 'internal';

/** An action of an account's plan, as the rules and the texts need it. */
export interface PlanAction {
  id: string;
  title: string;
  /** The priority element or irritant it answers, by name (null: the account as a whole). */
  element: string | null;
  irritant: string | null;
  ownerSide: OwnerSide;
  ownerName: string;
  dueOn: string;
  status: ActionStatus;
  visibility: Visibility;
  /** When it was marked done (the app's clock), for "you said, we did" and "closed on time". */
  doneAt: Date | null;
}

/** A refusal: the sentence the asker reads; nothing is changed. */
interface Refusal {
  refused: string;
}

const ownSide = (side: Side): OwnerSide => (side === 'internal' ? 'ours' : 'client');

/**
 * What a new action becomes, or why it may not be created: our people create our actions (internal ones only in
 * the internal channel, which the client never sees; joint ones anywhere); the client's people create their own
 * and propose ours, always joint, from the shared channel.
 */
export function newAction(
  asker: Side,
  place: Place,
  ownerSide: OwnerSide,
  wanted: Visibility,
): { status: ActionStatus; visibility: Visibility } | Refusal {
  if (asker === 'client') {
    if (place !== 'shared') return { refused: "The client's people add actions in the channel shared with them." };
    return { status: ownerSide === 'client' ? 'open' : 'proposed', visibility: 'joint' };
  }
  if (ownerSide !== 'ours')
    return { refused: "Our people add our own actions; the client's people add theirs (they see this channel)." };
  return { status: 'open', visibility: place === 'shared' ? 'joint' : wanted };
}

/** The status changes a command can ask for. */
export type ActionChange = 'accept' | 'decline' | 'done' | 'reopen' | 'drop' | 'due';

const NEXT: Record<Exclude<ActionChange, 'due'>, { from: readonly ActionStatus[]; to: ActionStatus }> = {
  accept: { from: ['proposed'], to: 'open' },
  decline: { from: ['proposed'], to: 'dropped' },
  done: { from: ['open'], to: 'done' },
  reopen: { from: ['done', 'dropped'], to: 'open' },
  drop: { from: ['open'], to: 'dropped' },
};

/**
 * Whether the asker may make the change, and the status it leads to: each side changes and closes its own actions;
 * a proposal for us is accepted or declined by our people only; the client never reaches an internal action.
 */
export function changeOf(
  asker: Side,
  action: Pick<PlanAction, 'ownerSide' | 'status' | 'visibility'>,
  change: ActionChange,
): { status: ActionStatus } | Refusal {
  if (asker === 'client' && action.visibility === 'internal')
    return { refused: 'There is no action with that number.' };
  if (action.ownerSide !== ownSide(asker))
    return {
      refused:
        asker === 'client'
          ? action.status === 'proposed'
            ? 'Thank you: the account team accepts or declines what you proposed.'
            : 'Our account team changes and closes its own actions; you change and close yours.'
          : "The client's people change and close their own actions; ask them in the shared channel.",
    };
  if (change === 'due') {
    if (action.status === 'done' || action.status === 'dropped')
      return { refused: 'A closed action keeps its due date: reopen it first.' };
    return { status: action.status };
  }
  const rule = NEXT[change];
  if (!rule.from.includes(action.status))
    return { refused: `That action is ${action.status}, so it cannot be ${PAST[change]}.` };
  return { status: rule.to };
}

const PAST: Record<Exclude<ActionChange, 'due'>, string> = {
  accept: 'accepted',
  decline: 'declined',
  done: 'marked done',
  reopen: 'reopened',
  drop: 'dropped',
};

/** The actions a place may show: the shared channel joint ones only; the account team all of them. */
export function visibleIn<A extends Pick<PlanAction, 'visibility'>>(place: Place, actions: readonly A[]): A[] {
  return actions.filter((a) => place === 'internal' || a.visibility === 'joint');
}

/** Whether an action still open is past its due date (dates as `YYYY-MM-DD` on the organisation's calendar). */
export const isOverdue = (a: Pick<PlanAction, 'status' | 'dueOn'>, today: string): boolean =>
  (a.status === 'open' || a.status === 'proposed') && a.dueOn < today;

/** A fixed irritant, for "you said, we did". */
interface FixedIrritant {
  title: string;
  element: string | null;
}

/**
 * "You said, we did": what was done since the last round, by element (actions done and irritants fixed), for the
 * place it is shown in (the shared channel: joint actions only). Empty when nothing was done.
 */
export function youSaidWeDid(
  place: Place,
  done: readonly PlanAction[],
  fixed: readonly FixedIrritant[],
): { element: string; lines: string[] }[] {
  const byElement = new Map<string, string[]>();
  const add = (element: string | null, line: string) => {
    const key = element ?? 'Our work together';
    byElement.set(key, [...(byElement.get(key) ?? []), line]);
  };
  for (const a of visibleIn(place, done))
    add(
      a.element,
      `${a.title} (${a.ownerSide === 'ours' ? 'done by us' : place === 'shared' ? 'done by you' : 'done by the client'})`,
    );
  for (const i of fixed) add(i.element, `Fixed: ${i.title}`);
  return [...byElement].map(([element, lines]) => ({ element, lines }));
}

/** What the action form offers: what an action can answer, who can own it, and the dates it takes. */
export interface ActionFormView {
  accountName: string;
  place: Place;
  about: { value: string; title: string }[];
  owners: { value: string; title: string }[];
  minDate: string;
  maxDate: string;
}

/** One action of the plan as a place lists it, numbered as the commands take it (`actions 2 done`). */
export interface PlanRowView {
  n: number;
  title: string;
  element: string | null;
  ownerName: string;
  /** "ours" / "client" in the internal channel; "us" / "client" in the shared one. */
  side: string;
  dueOn: string;
  status: ActionStatus;
  /** Marked in the internal channel only: the shared channel never says who is late. */
  overdue: boolean;
  internal: boolean;
}

/** A target performance for an element, as agreed by both sides (null while only proposed). */
interface TargetFact {
  element: string;
  target: number;
  agreedAt: Date | null;
}

/**
 * The targets a round is measured against: per element, the latest one agreed before the round opened (a target is
 * set after a round for the next one). Pure.
 */
export function targetsInForce(targets: readonly TargetFact[], roundOpenedAt: Date): Map<string, number> {
  const out = new Map<string, { target: number; at: number }>();
  for (const t of targets) {
    const at = t.agreedAt?.getTime();
    if (at === undefined || at >= roundOpenedAt.getTime()) continue;
    if ((out.get(t.element)?.at ?? -1) <= at) out.set(t.element, { target: t.target, at });
  }
  return new Map([...out].map(([element, t]) => [element, t.target]));
}
