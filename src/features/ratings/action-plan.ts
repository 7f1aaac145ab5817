import { z } from 'zod';
import type { Database, Queryable } from '../../adapters/store/database.ts';
import { outboxStore } from '../../adapters/store/outbox-store.ts';
import { queueSalesforceUpsert } from '../../adapters/salesforce-outbox/salesforce-writes.ts';
import type { Logger } from '../../platform/log/logger.ts';
import type { Clock } from '../../core/domain/clock.ts';
import { actionsStore, type StoredAction } from '../../adapters/store/actions-store.ts';
import { irritantsStore } from '../../adapters/store/irritants-store.ts';
import { ratingsStore } from '../../adapters/store/ratings-store.ts';
import { isPulseError, PulseError } from '../../core/pulse-error.ts';
import { DEFAULT_ELEMENTS } from '../../core/scoring/round-results.ts';
import { calendarZone, localDate, plusDays } from '../../core/domain/local-time.ts';
import { plainName, plainText } from '../../core/domain/plain-text.ts';
import { truncateText } from '../../core/domain/clean-text.ts';
import {
  changeOf,
  isOverdue,
  newAction,
  visibleIn,
  youSaidWeDid,
  type ActionChange,
  type ActionFormView,
  type OwnerSide,
  type Place,
  type PlanAction,
  type PlanRowView,
  type Side,
} from '../../core/domain/action-plan.ts';
import type { ChannelRoster } from '../../core/ports/channel-roster.ts';
import { resolveRater, sideOfMember, type Rater } from './resolve-rater.ts';
import { listNumber, typedLabel, valid } from './typed-input.ts';

/** An action's title: what will be done, in words both channels can show. */
const title = typedLabel('a title', 200);
/** A calendar date as the card's date input sends it; impossible dates (30 February) are refused. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'the due date is a date such as 2027-01-31')
  .refine((d) => {
    const at = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(d);
  }, 'the due date is not a real date');
/** A due date is at most this far ahead: a plan is for the next round or two, not for years. */
const MAX_DAYS_AHEAD = 366;
const submission = z.object({
  about: z.string().max(200).optional().default(''),
  title,
  owner: z.string({ error: 'choose an owner' }).min(1, 'choose an owner').max(200),
  due: isoDate,
  visibility: z.enum(['joint', 'internal']).optional().default('internal'),
});
const digestCadence = z.enum(['weekly', 'monthly'], { error: 'say actions digest weekly or actions digest monthly' });
const DIGEST_TEXT = {
  weekly: 'each week, from Monday 09:00',
  monthly: 'each month, from the first Monday at 09:00',
} as const;
const changes = z.enum(['accept', 'decline', 'done', 'reopen', 'drop', 'due'], {
  error: 'say done, reopen, drop, accept, decline or due <date>',
});

const SALESFORCE_STATUS = { proposed: 'Proposed', open: 'Open', done: 'Done', dropped: 'Dropped' } as const;
const STATUS_TEXT = { proposed: 'proposed to us', open: 'open', done: 'done', dropped: 'dropped' } as const;
/** What adding an action answers: proposed to the account team, or added (internal ones say so). */
const addedText = (a: Pick<PlanAction, 'title' | 'ownerName' | 'dueOn' | 'status' | 'visibility'>) =>
  a.status === 'proposed'
    ? `Thank you: "${a.title}" for ${a.ownerName}, due ${a.dueOn}, is proposed to the account team, who accept or decline it.`
    : `Added "${a.title}" for ${a.ownerName}, due ${a.dueOn}${a.visibility === 'internal' ? ' (internal: never shown to the client)' : ''}.`;
const placeOf = (r: Rater): Place => (r.channel.purpose === 'shared' ? 'shared' : 'internal');
const sideText = (s: OwnerSide, place: Place) => (s === 'ours' ? (place === 'shared' ? 'us' : 'ours') : 'client');

/**
 * The joint action plan of an account (DOMAIN.md, rule 8): actions for its priority elements and irritants, each
 * owned by one person on either side, with a due date and a status. Who asks, and on which side, is decided from
 * the channel and the roster (as for a rating); the rules of `action-plan.ts` decide what they may do.
 */
export function actionPlan(deps: { db: Database; log: Logger; now: Clock; orgTimeZone?: string }) {
  const store = actionsStore(deps.db);
  const zone = () => calendarZone(undefined, deps.orgTimeZone);
  const today = () => localDate(deps.now(), zone());
  /** Queues the action's Salesforce record (`Pulse_Action__c`, keyed by the action's id): its latest state wins. */
  const writeBack = (tx: Queryable, a: Omit<PlanAction, 'ownerName' | 'irritant'> & { accountId: string }) =>
    queueSalesforceUpsert(outboxStore(tx), 'Pulse_Action__c', a.id, {
      Account__c: a.accountId,
      Title__c: a.title,
      Element__c: a.element === null ? null : truncateText(a.element, 120),
      Owner_Side__c: a.ownerSide === 'ours' ? 'Ours' : 'Client',
      Due_Date__c: a.dueOn,
      Status__c: SALESFORCE_STATUS[a.status],
      Visibility__c: a.visibility === 'joint' ? 'Joint' : 'Internal',
      Done_Date__c: a.doneAt ? localDate(a.doneAt, zone()) : null,
    });
  const lastDate = () => plusDays(today(), MAX_DAYS_AHEAD);
  const visible = async (r: Rater) => visibleIn(placeOf(r), await store.ofAccount(r.accountId));
  const nth = async (r: Rater, n: unknown): Promise<StoredAction> => {
    const a = (await visible(r))[valid(listNumber, n) - 1];
    if (!a) throw new PulseError('BAD_INPUT', 'Nothing was changed: there is no action with that number.');
    return a;
  };
  /**
   * The roster members who can own an action here, with their side (the rater rule: tenant and account team); the
   * form offers those the asker may name (our people name only ours).
   */
  const owners = async (r: Rater, roster: ChannelRoster, offered = true) => {
    const out: { key: string; teamsId: string; name: string; side: OwnerSide }[] = [];
    // One roster read: each member is classified from what it lists (tenant, login), as a rater would be.
    for (const m of await roster.members(r.channel.channelId)) {
      const rated = await sideOfMember(deps.db, r.channel, m);
      const side: OwnerSide | undefined = rated === 'internal' ? 'ours' : rated;
      if (side && (!offered || r.side === 'client' || side === 'ours'))
        out.push({
          key: m.aadObjectId,
          teamsId: m.teamsUserId,
          name: plainName(m.name ?? m.login ?? 'A member'),
          side,
        });
    }
    return out;
  };
  /** The plan as this place may show it, numbered (the numbers the commands take). */
  const rows = async (r: Rater): Promise<PlanRowView[]> => {
    const place = placeOf(r);
    const now = today();
    return (await visible(r)).map((a, i) => ({
      n: i + 1,
      title: plainText(a.title, 200),
      element: a.element === null ? null : plainName(a.element),
      ownerName: plainName(a.ownerName),
      side: sideText(a.ownerSide, place),
      dueOn: a.dueOn,
      status: a.status,
      overdue: place === 'internal' && isOverdue(a, now),
      internal: place === 'internal' && a.visibility === 'internal',
    }));
  };

  return {
    /** Who is asking here: the rater rule (client tenant in the shared channel, or the account team). */
    asker: (channelId: string, userId: string, roster: ChannelRoster) =>
      resolveRater(deps.db, roster, channelId, userId).catch((error: unknown) => {
        if (!isPulseError(error) || error.code !== 'NOT_A_RATER') throw error;
        throw new PulseError(
          'NOT_A_RATER',
          "Only the client's people in this shared channel and the account team work on this account's action " +
            'plan, so nothing was changed.',
        );
      }),

    /** The form's choices for the asker: the account's elements and open irritants, the owners they may name. */
    async form(r: Rater, roster: ChannelRoster): Promise<ActionFormView> {
      const elements = await ratingsStore(deps.db).activeElements(r.accountId, DEFAULT_ELEMENTS);
      const irritants = (await irritantsStore(deps.db).irritants(r.accountId)).filter((i) => i.status !== 'fixed');
      return {
        accountName: plainName(r.accountName),
        place: placeOf(r),
        about: [
          ...elements.map((e) => ({ value: `e:${e.id}`, title: plainName(e.name) })),
          ...irritants.map((i) => ({ value: `i:${i.id}`, title: `Irritant: ${plainText(i.title, 80)}` })),
        ],
        owners: (await owners(r, roster)).map((o) => ({
          value: o.key,
          title: `${o.name} (${sideText(o.side, placeOf(r))})`,
        })),
        minDate: today(),
        maxDate: lastDate(),
      };
    },

    /** Adds an action from the form, once per card action; bad input, or an owner not allowed, changes nothing. */
    async add(r: Rater, roster: ChannelRoster, data: unknown, actionKey: string): Promise<string> {
      const s = valid(submission, data);
      if (s.due < today() || s.due > lastDate())
        throw new PulseError('BAD_INPUT', `Nothing was changed: the due date is from ${today()} to ${lastDate()}.`);
      const owner = (await owners(r, roster, false)).find((o) => o.key === s.owner);
      if (!owner)
        throw new PulseError(
          'BAD_INPUT',
          'Nothing was changed: choose the owner from the list (someone in this channel you may give it to).',
        );
      const made = newAction(r.side, placeOf(r), owner.side, s.visibility);
      if ('refused' in made) throw new PulseError('NOT_ALLOWED', `Nothing was changed: ${made.refused}`);
      const [kind, id] = s.about.split(':');
      const elements = await ratingsStore(deps.db).activeElements(r.accountId, DEFAULT_ELEMENTS);
      const irritants = await irritantsStore(deps.db).irritants(r.accountId);
      const elementId = kind === 'e' ? elements.find((e) => e.id === id)?.id : undefined;
      const irritant = kind === 'i' ? irritants.find((i) => i.id === id) : undefined;
      if (s.about && !elementId && !irritant)
        throw new PulseError('BAD_INPUT', 'Nothing was changed: choose what the action answers from the list.');
      const fields = {
        accountId: r.accountId,
        actionKey,
        elementId: elementId ?? irritant?.elementId ?? null,
        irritantId: irritant?.id ?? null,
        title: s.title,
        ownerSide: owner.side,
        ownerKey: owner.key,
        ownerTeamsId: owner.teamsId,
        ownerName: owner.name,
        dueOn: s.due,
        ...made,
        createdBySide: r.side,
        at: deps.now(),
      };
      const element = elements.find((e) => e.id === fields.elementId)?.name ?? null;
      // The action and its Salesforce record are queued together, or neither (a crash between leaves nothing half).
      const added = await deps.db.transaction(async (tx) => {
        const id = await actionsStore(tx).add(fields);
        if (id) await writeBack(tx, { ...fields, id, element, doneAt: null });
        return id !== undefined;
      });
      deps.log.info({ accountId: r.accountId, side: r.side, status: made.status, added }, 'action added');
      // The same card action or form sent again: it is answered with what the first one stored, whatever this copy
      // says (an edited copy of a form whose answer was lost changes nothing).
      const first = added ? undefined : await store.byKey(r.accountId, actionKey);
      return addedText(first ?? { title: s.title, ownerName: owner.name, dueOn: s.due, ...made });
    },

    /** The plan as this place may show it (the tab's list). */
    rows,

    /** The plan as this place may show it, numbered (the numbers the commands take). */
    async list(r: Rater): Promise<string> {
      const place = placeOf(r);
      const actions = await rows(r);
      if (!actions.length) return `No actions yet. Add one with: actions add.`;
      return [
        place === 'shared' ? '**Our joint action plan**:' : '**Action plan** (joint and internal):',
        ...actions.map(
          (a) =>
            `${a.n}. ${a.title}${a.element ? ` (${a.element})` : ''}: ${a.ownerName} (${a.side}), due ${a.dueOn}, ` +
            `${STATUS_TEXT[a.status]}${a.overdue ? ', overdue' : ''}${a.internal ? ', internal' : ''}`,
        ),
        '',
        'Change one with: actions <n> done | reopen | drop | due <date>; a proposal: actions <n> accept | decline.',
        ...(r.side === 'internal'
          ? ["How often the shared channel's digest comes: actions digest weekly | monthly."]
          : []),
      ].join('\n');
    },

    /**
     * How often the shared channel gets the joint plan's digest; the account team changes it (`actions digest
     * monthly`), either side may ask. Bad input, or a client asking to change it, changes nothing.
     */
    async digest(r: Rater, requested: unknown): Promise<string> {
      const store = actionsStore(deps.db);
      const now = await store.digestOf(r.accountId);
      if (requested === undefined) return `The joint plan's digest goes to the shared channel ${DIGEST_TEXT[now]}.`;
      if (r.side !== 'internal')
        throw new PulseError('NOT_ALLOWED', 'Nothing was changed: the account team sets how often the digest comes.');
      const cadence = valid(digestCadence, typeof requested === 'string' ? requested.toLowerCase() : requested);
      if (cadence === now) return `The digest already goes ${DIGEST_TEXT[now]}: nothing changed.`;
      await store.setDigest(r.accountId, cadence);
      deps.log.info({ accountId: r.accountId, cadence }, 'action digest cadence set');
      return `The joint plan's digest now goes to the shared channel ${DIGEST_TEXT[cadence]}.`;
    },

    /** Changes the n-th action as the asker may (their own side's; proposals by our people). */
    async change(r: Rater, n: unknown, verb: unknown, arg: unknown): Promise<string> {
      const a = await nth(r, n);
      const change = valid(changes, typeof verb === 'string' ? verb.toLowerCase() : verb) as ActionChange;
      const due = change === 'due' ? valid(isoDate, arg) : null;
      if (due && (due < today() || due > lastDate()))
        throw new PulseError('BAD_INPUT', `Nothing was changed: the due date is from ${today()} to ${lastDate()}.`);
      const next = changeOf(r.side as Side, a, change);
      if ('refused' in next) throw new PulseError('NOT_ALLOWED', `Nothing was changed: ${next.refused}`);
      const at = deps.now();
      const changed = await deps.db.transaction(async (tx) => {
        if (!(await actionsStore(tx).change(r.accountId, a.id, a.status, next.status, due, at))) return false;
        const doneAt = next.status === 'done' ? (a.doneAt ?? at) : null;
        await writeBack(tx, { ...a, status: next.status, dueOn: due ?? a.dueOn, doneAt });
        return true;
      });
      if (!changed)
        throw new PulseError('BAD_INPUT', 'Nothing was changed: someone changed that action just now; list it again.');
      return due ? `"${a.title}" is now due ${due}.` : `"${a.title}" is now ${STATUS_TEXT[next.status]}.`;
    },
  };
}

/**
 * "You said, we did" for an account's next round: the actions done and irritants fixed since its last round closed
 * (all of them before a first round), as `place` may show them (the shared channel: joint actions only).
 */
export async function whatWasDone(db: Database, accountId: string, place: Place) {
  const since = (await ratingsStore(db).lastClosedRound(accountId))?.closedAt ?? new Date(0);
  const done = await actionsStore(db).doneSince(accountId, since);
  const fixed = await irritantsStore(db).fixedSince(accountId, since);
  return youSaidWeDid(place, done, fixed).map((g) => ({
    element: plainName(g.element),
    lines: g.lines.map((l) => plainText(l, 240)),
  }));
}

/** The action plan use cases. */
export type ActionPlan = ReturnType<typeof actionPlan>;
