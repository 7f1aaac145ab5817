import { cyclePeriodsStore } from '../../adapters/store/cycle-periods-store.ts';
import { promptsStore } from '../../adapters/store/prompts-store.ts';
import { returnsStore } from '../../adapters/store/returns-store.ts';
import { outboxStore } from '../../adapters/store/outbox-store.ts';
import { installationsStore } from '../../adapters/store/installations-store.ts';
import { personalDelivery, personalDeliveryTo } from '../channels/personal-delivery.ts';
import { peopleStore, type MappedUser } from '../../adapters/store/people-store.ts';
import { queueSalesforceUpsert } from '../../adapters/salesforce-outbox/salesforce-writes.ts';
import type { TeamsDelivery } from '../../adapters/teams/teams-delivery.ts';
import { queueTeamsMessage } from '../../adapters/teams/teams-messages.ts';
import type { Period } from '../../core/domain/period.ts';
import { periodLabel } from '../../core/domain/period.ts';
import { listCard, listCards, type CheckinDeps } from './checkin.ts';
import { type NotPosted, postPortfolioSummary, postScorecards } from '../scorecards/post-scorecards.ts';
import { isQuarterEnd } from '../../core/scoring/portfolio.ts';
import { scorecardStore } from '../../adapters/store/scorecard-store.ts';
import { calendarZone, meetingWindow } from '../../core/domain/local-time.ts';

/** What a cycle step needs. */
export interface CycleDeps extends CheckinDeps {
  /** Where to open 1:1 chats in a tenant Teams has not called us from yet. */
  defaultServiceUrl: string;
}

/** What a step did (or, with dryRun, would do). */
export interface StepSummary {
  step: 'open' | 'remind1' | 'remind2' | 'close' | 'post';
  period: Period;
  dryRun: boolean;
  accountManagers: number;
  queued: number;
  alreadyDone: number;
  unreachable: { name: string; reason: string }[];
  missingReturns: number;
  salesforceWrites: number;
  /** At close: scorecards posted to linked channels. */
  scorecardsPosted: number;
  /** At close: linked channels that got no scorecard, with the reason and what to do. */
  scorecardsNotPosted: NotPosted[];
  /** Why the step did nothing: the period is already closed, or (remind, close) was never opened. */
  skipped?: string;
}

const newSummary = (step: StepSummary['step'], period: Period, dryRun: boolean): StepSummary => ({
  step,
  period,
  dryRun,
  accountManagers: 0,
  queued: 0,
  alreadyDone: 0,
  unreachable: [],
  missingReturns: 0,
  salesforceWrites: 0,
  scorecardsPosted: 0,
  scorecardsNotPosted: [],
});

/** A step that did nothing, and why. */
export const skippedStep = (step: StepSummary['step'], period: Period, dryRun: boolean, why: string): StepSummary => ({
  ...newSummary(step, period, dryRun),
  skipped: why,
});

const notOpen = (status: 'closed' | undefined) =>
  status === 'closed' ? 'the period is already closed' : 'the period was never opened (run open first)';

/** Why the bot cannot reach an account manager before trying. */
function unmappedReason(am: MappedUser): string {
  return (
    `no Teams user with the sign-in or e-mail ${am.email ?? '(none in Salesforce)'} has met the bot yet: ` +
    `they open Partnership Pulse in Teams once, or the app is added to a team they are in; else their ` +
    `Salesforce e-mail or FederationIdentifier must match their Microsoft 365 sign-in`
  );
}

/** A message to an account manager in their 1:1 chat (or a chat opened with them). */
const deliveryFor = (deps: CycleDeps, am: MappedUser, activity: Record<string, unknown>): Promise<TeamsDelivery> =>
  personalDelivery(deps.db, am, deps.defaultServiceUrl, activity);

/** Account managers prompted per transaction when the cycle opens. */
const OPEN_CHUNK = 250;

/**
 * Opens the period and prompts every account manager (or those `only` names): each gets the list card of their
 * key accounts in a 1:1 chat, queued through the delivery engine. Someone who could not be mapped to Teams at an
 * earlier run is asked once they can be (e.g. after the bot read their team's roster). Recording the prompt and queueing it happen in
 * one transaction, guarded by the prompt's primary key, so two replicas or a rerun never prompt anyone twice.
 */
export async function openCycle(
  deps: CycleDeps,
  period: Period,
  options: {
    dryRun?: boolean;
    only?: (am: MappedUser) => boolean;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<StepSummary> {
  const summary = newSummary('open', period, options.dryRun ?? false);
  if ((await cyclePeriodsStore(deps.db).periodStatus(period)) === 'closed')
    return { ...summary, skipped: 'the period is already closed' };
  if (!summary.dryRun) await cyclePeriodsStore(deps.db).openPeriod(period);
  const ams = (await peopleStore(deps.db).accountManagers()).filter(
    (am) => am.isActive && (options.only?.(am) ?? true),
  );
  summary.accountManagers = ams.length;
  const installations = installationsStore(deps.db);
  const serviceUrls = new Map<string, string>();
  // In chunks: the cards' reads and the chats for a chunk at once, and one transaction per chunk (5,000 account
  // managers took 22 s one by one). A chunk commits whole or not at all, so a crash still prompts nobody twice.
  for (let start = 0; start < ams.length; start += OPEN_CHUNK) {
    options.onProgress?.(start, ams.length);
    const chunk = ams.slice(start, start + OPEN_CHUNK);
    const reachable: MappedUser[] = [];
    for (const am of chunk) {
      if (am.teamsUserId && am.aadObjectId && am.tenantId) {
        reachable.push(am);
        continue;
      }
      const reason = unmappedReason(am);
      if (
        summary.dryRun ||
        (await promptsStore(deps.db).insertPrompt(period, am.sfUserId, null, 'unreachable', reason))
      )
        summary.unreachable.push({ name: am.name, reason });
    }
    if (summary.dryRun) {
      summary.queued += reachable.length;
      continue;
    }
    if (reachable.length === 0) continue;
    const cards = await listCards(deps, period, reachable);
    const chats = await installations.personalChatsOf(reachable.map((am) => am.teamsUserId!));
    const deliveries: [MappedUser, TeamsDelivery][] = [];
    for (const am of reachable) {
      const tenantId = am.tenantId!;
      if (!chats.has(am.teamsUserId!) && !serviceUrls.has(tenantId))
        serviceUrls.set(tenantId, (await installations.serviceUrlFor(tenantId)) ?? deps.defaultServiceUrl);
      deliveries.push([
        am,
        personalDeliveryTo(am, chats.get(am.teamsUserId!), serviceUrls.get(tenantId) ?? deps.defaultServiceUrl, {
          type: 'message',
          summary: `Monthly check-in: ${periodLabel(period)}`,
          attachments: [cards.get(am.sfUserId)!],
        }),
      ]);
    }
    const asked = await deps.db.transaction(async (tx) => {
      let n = 0;
      for (const [am, delivery] of deliveries) {
        const first =
          (await promptsStore(tx).insertPrompt(period, am.sfUserId, am.teamsUserId, 'queued', null)) ||
          (await promptsStore(tx).reviveUnmapped(period, am.sfUserId, am.teamsUserId!));
        if (!first) continue;
        await queueTeamsMessage(outboxStore(tx), { kind: 'prompt', period, sfUserId: am.sfUserId }, delivery);
        n += 1;
      }
      return n;
    });
    summary.queued += asked;
    summary.alreadyDone += deliveries.length - asked;
  }
  options.onProgress?.(ams.length, ams.length);
  deps.log.info(
    { period, queued: summary.queued, unreachable: summary.unreachable.length, dryRun: summary.dryRun },
    'cycle opened',
  );
  return summary;
}

/** Reminds, once per reminder, the account managers who were reached and still owe a return for some account. */
export async function remindCycle(
  deps: CycleDeps,
  period: Period,
  which: 'remind1' | 'remind2',
  options: { dryRun?: boolean; only?: (sfUserId: string) => boolean } = {},
): Promise<StepSummary> {
  const summary = newSummary(which, period, options.dryRun ?? false);
  const store = returnsStore(deps.db);
  const status = await cyclePeriodsStore(deps.db).periodStatus(period);
  if (status !== 'open') return { ...summary, skipped: notOpen(status) };
  const people = peopleStore(deps.db);
  for (const prompt of await promptsStore(deps.db).prompts(period)) {
    // 'unknown': a crash interrupted the prompt's send; the reminder is its second chance.
    if ((prompt.status !== 'sent' && prompt.status !== 'unknown') || !(options.only?.(prompt.sfUserId) ?? true))
      continue;
    const [accounts, returns] = await Promise.all([
      store.keyAccountsOf(prompt.sfUserId),
      store.returnsOf(period, prompt.sfUserId),
    ]);
    const answered = new Set(returns.filter((r) => r.status === 'submitted').map((r) => r.accountId));
    const open = accounts.filter((a) => !answered.has(a.id)).length;
    if (open === 0) continue;
    summary.accountManagers += 1;
    if (summary.dryRun) {
      summary.queued += 1;
      continue;
    }
    const am = await people.byId(prompt.sfUserId);
    if (!am?.teamsUserId) continue;
    const card = await listCard(deps, period, am);
    const text = `Reminder: your ${periodLabel(period)} check-in is waiting (${open} of ${accounts.length} account${accounts.length === 1 ? '' : 's'} to go).`;
    const delivery = await deliveryFor(deps, am, { type: 'message', text, attachments: [card] });
    const queued = await queueTeamsMessage(
      outboxStore(deps.db),
      { kind: 'reminder', period, sfUserId: am.sfUserId, which },
      delivery,
    );
    if (queued) {
      summary.queued += 1;
      await promptsStore(deps.db).countReminder(period, am.sfUserId);
    } else summary.alreadyDone += 1;
  }
  deps.log.info({ period, step: which, queued: summary.queued, dryRun: summary.dryRun }, 'reminders queued');
  return summary;
}

/**
 * Closes the period: returns become read-only, every key account without a submitted return is recorded as
 * missing (no data, never zero) with the people its Salesforce meetings met then, and the missing ones are written
 * back to Salesforce too.
 */
export async function closeCycle(
  deps: CycleDeps,
  period: Period,
  options: { dryRun?: boolean } = {},
): Promise<StepSummary> {
  const summary = newSummary('close', period, options.dryRun ?? false);
  const store = returnsStore(deps.db);
  const status = await cyclePeriodsStore(deps.db).periodStatus(period);
  if (status !== 'open') return { ...summary, skipped: notOpen(status) };
  if (summary.dryRun) {
    summary.missingReturns = (await store.keyAccountCount()) - (await store.submittedCount([period]));
    return summary;
  }
  const closed = await deps.db.transaction(async (tx) => {
    const s = returnsStore(tx);
    if (!(await cyclePeriodsStore(tx).closePeriod(period))) return false;
    summary.missingReturns = await s.recordMissing(period);
    const outbox = outboxStore(tx);
    const facts = scorecardStore(tx);
    // Ids only: every return of the month with its meetings would be some 100 MB of heap at 20,000 accounts.
    for (const accountId of await s.missingAccountIds(period)) {
      // The month's people met as Salesforce has them at the close, kept: a closed month no longer changes.
      const zone = calendarZone((await facts.account(accountId))?.ownerTimeZone ?? null, deps.orgTimeZone);
      await s.keepPeopleMet(period, accountId, await facts.peopleMet(accountId, meetingWindow(period, zone), null));
      await queueSalesforceUpsert(outbox, 'Pulse_Monthly_Return__c', `${accountId}-${period}`, {
        Account__c: accountId,
        Period__c: period,
        Status__c: 'Missing',
      });
      summary.salesforceWrites += 1;
    }
    return true;
  });
  if (closed) {
    // Scorecards follow the close: every account scored, written back, and posted once to its linked channel.
    // The cycle's deps are the scorecards' too (database, log, scoring settings, clock, time zone).
    const posted = await postScorecards(deps, period);
    summary.scorecardsPosted = posted.posted;
    summary.scorecardsNotPosted = posted.notPosted;
    summary.salesforceWrites += posted.salesforceWrites;
    summary.queued += posted.posted;
    if (isQuarterEnd(period)) summary.queued += await postPortfolioSummary(deps, period);
  }
  deps.log.info({ period, missing: summary.missingReturns }, 'cycle closed');
  return summary;
}

/**
 * Posts the scorecards of a closed period to the linked channels that have not had theirs (the app was added to a
 * team after the close, a channel was linked late). Each account's scorecard is posted once whatever the reruns
 * (the outbox key is period + account), so this is safe to repeat.
 */
export async function postClosedScorecards(
  deps: CycleDeps,
  period: Period,
  options: { dryRun?: boolean } = {},
): Promise<StepSummary> {
  const summary = newSummary('post', period, options.dryRun ?? false);
  const status = await cyclePeriodsStore(deps.db).periodStatus(period);
  if (status !== 'closed')
    return { ...summary, skipped: 'the period is not closed yet: its scorecards are posted when it closes' };
  if (summary.dryRun) return summary;
  const posted = await postScorecards(deps, period);
  summary.scorecardsPosted = posted.posted;
  summary.scorecardsNotPosted = posted.notPosted;
  summary.salesforceWrites = posted.salesforceWrites;
  summary.queued = posted.posted;
  return summary;
}
