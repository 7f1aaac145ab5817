import type { Database } from '../../adapters/store/database.ts';
import type { Logger } from '../../platform/log/logger.ts';
import type { Clock } from '../../core/domain/clock.ts';
import { actionsStore, type StoredAction } from '../../adapters/store/actions-store.ts';
import { channelLinksStore } from '../../adapters/store/channel-links-store.ts';
import { outboxStore } from '../../adapters/store/outbox-store.ts';
import { queueTeamsMessage } from '../../adapters/teams/teams-messages.ts';
import { calendarZone, instantOfLocal, localDate, localParts, plusDays } from '../../core/domain/local-time.ts';
import { isOverdue, visibleIn } from '../../core/domain/action-plan.ts';
import { DIGEST_HOUR, digestDue, type DigestCadence } from '../../core/domain/plan-digest.ts';
import { plainName, plainText } from '../../core/domain/plain-text.ts';
import { personalDelivery } from '../channels/personal-delivery.ts';
import { channelPost } from './channel-post.ts';

/** An owner of ours is reminded this many days before an action is due (and once the day after it passes). */
const REMIND_DAYS_BEFORE = 2;
const DAY = 86_400_000;
/**
 * Far enough back for a monthly digest's "done since": from the first Monday of the month before to the last day of
 * this month's digest week is at most 35 + 6 days.
 */
const DIGEST_LOOKBACK_DAYS = 42;

/**
 * Follow-up that happens by itself (issue 27, item 3), run by the rating cadence's tick: our owners are reminded in
 * their 1:1 chat before an action is due and when it passes, and each shared channel gets a weekly (or monthly) digest of the
 * joint plan that names sides and due dates, never who or how many are late (lateness is the account team's risk).
 * Each message is queued once (its outbox key holds the action and its due date, or the account and the week), so
 * ticks may repeat and replicas may race.
 */
export function actionFollowUp(deps: {
  db: Database;
  log: Logger;
  now: Clock;
  orgTimeZone?: string;
  /** Where to open 1:1 chats in a tenant Teams has not called us from yet. */
  defaultServiceUrl: string;
}) {
  const store = actionsStore(deps.db);
  const links = channelLinksStore(deps.db);
  const outbox = outboxStore(deps.db);
  const zone = () => calendarZone(undefined, deps.orgTimeZone);

  const remind = async (a: StoredAction, today: string): Promise<boolean> => {
    const link = (await links.ofAccount(a.accountId, 'account')) ?? (await links.ofAccount(a.accountId, 'shared'));
    if (!link?.tenantId) return false;
    const account = plainName(link.accountName ?? a.accountId);
    const title = plainText(a.title, 200);
    const late = isOverdue(a, today);
    // Its number in the account's internal channel, where our people list every action (the shared channel numbers
    // only the joint ones).
    const n = (await store.ofAccount(a.accountId)).findIndex((x) => x.id === a.id) + 1;
    const text = late
      ? `Your action "${title}" for ${account} was due on ${a.dueOn} and is still open. Mark it done ` +
        `(actions ${n} done), or move its date (actions ${n} due <date>), in the account's internal channel.`
      : `Reminder: your action "${title}" for ${account} is due on ${a.dueOn}. When it is done, mark it with ` +
        `actions ${n} done in the account's internal channel.`;
    const delivery = await personalDelivery(
      deps.db,
      { teamsUserId: a.ownerTeamsId, aadObjectId: a.ownerKey, tenantId: link.tenantId },
      deps.defaultServiceUrl,
      { type: 'message', text },
    );
    const which = `${late ? 'overdue' : 'due'}-${a.dueOn}`;
    return queueTeamsMessage(outbox, { kind: 'action-reminder', actionId: a.id, which }, delivery);
  };

  const digest = async (
    accountId: string,
    cadence: DigestCadence,
    due: { monday: string; since: string },
  ): Promise<boolean> => {
    const shared = await links.ofAccount(accountId, 'shared');
    if (!shared) return false;
    const joint = visibleIn('shared', await store.ofAccount(accountId));
    const open = joint.filter((a) => a.status === 'open' || a.status === 'proposed');
    // Since the digest before went out (its Monday at nine): an action done that Monday morning was in it already.
    const from = instantOfLocal(`${due.since}T${String(DIGEST_HOUR).padStart(2, '0')}:00:00`, zone());
    const doneSince = joint.filter((a) => a.doneAt && a.doneAt >= from).length;
    // A plan all done and quiet since the digest before gets none.
    if (!open.length && !doneSince) return false;
    const side = (a: StoredAction) => (a.ownerSide === 'ours' ? 'us' : 'you');
    const when =
      cadence === 'weekly' ? { now: 'this week', before: 'last week' } : { now: 'this month', before: 'last month' };
    const text = [
      `**Our joint action plan ${when.now}** (${plainName(shared.accountName ?? accountId)}): ${open.length} open, ` +
        `${doneSince} done since ${when.before}.`,
      ...open.map((a) => `- ${plainText(a.title, 200)} (${side(a)}), due ${a.dueOn}`),
      '',
      'Type actions to see the plan, add your own actions or close yours.',
    ].join('\n');
    const delivery = await channelPost(deps.db, shared, { text });
    if (!delivery) return false;
    // Keyed by its Monday: one digest a week at most, whichever the cadence (changed mid-week, say).
    return queueTeamsMessage(outbox, { kind: 'action-digest', accountId, week: due.monday }, delivery);
  };

  return {
    /** Queues the reminders and digests that are due now; what it queued. */
    async tick(): Promise<{ actionReminders: number; digests: number }> {
      const at = deps.now();
      const today = localDate(at, zone());
      const done = { actionReminders: 0, digests: 0 };
      for (const a of await store.oursOpenDueBy(plusDays(today, REMIND_DAYS_BEFORE))) {
        // Past its date, the overdue reminder goes once (the day after it passed, or later if the server was down).
        if (await remind(a, today)) done.actionReminders += 1;
      }
      const hour = localParts(at, zone()).hour;
      for (const plan of await store.accountsWithJointPlan(new Date(at.getTime() - DIGEST_LOOKBACK_DAYS * DAY))) {
        const due = digestDue(plan.digest, today, hour);
        if (due && (await digest(plan.accountId, plan.digest, due))) done.digests += 1;
      }
      if (done.actionReminders + done.digests > 0) deps.log.info(done, 'action follow-up queued');
      return done;
    },
  };
}

/** The action follow-up. */
export type ActionFollowUp = ReturnType<typeof actionFollowUp>;
