import { inThread } from '../../core/ports/conversation-ref.ts';
import { cyclePeriodsStore } from '../../adapters/store/cycle-periods-store.ts';
import type { Logger } from '../../platform/log/logger.ts';
import { outboxStore } from '../../adapters/store/outbox-store.ts';
import { installationsStore } from '../../adapters/store/installations-store.ts';
import { channelLinksStore } from '../../adapters/store/channel-links-store.ts';
import { returnsStore } from '../../adapters/store/returns-store.ts';
import { queueAccountSummary, queueSalesforceUpsert } from '../../adapters/salesforce-outbox/salesforce-writes.ts';
import { teamsDelivery, type TeamsDelivery } from '../../adapters/teams/teams-delivery.ts';
import { parseTeamsMessage, queueTeamsMessage, teamsMessagePeriodPrefix } from '../../adapters/teams/teams-messages.ts';
import { addMonths, lastEndedPeriod, periodLabel, type Period } from '../../core/domain/period.ts';
import { portfolioSummary } from '../../core/scoring/portfolio.ts';
import { portfolioCard } from '../cards/portfolio-card.ts';
import type { InternalScorecard } from '../../core/scoring/scorecard.ts';
import { scorecardCard } from '../cards/scorecard-card.ts';
import { buildScorecard, type ScorecardDeps } from './build-scorecard.ts';
import { plainName } from '../../core/domain/plain-text.ts';

/** JSON with keys sorted: stored payloads come back from jsonb with their keys reordered. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

const SF_STATUS = {
  developing: 'Developing',
  'not developing': 'Not developing',
  stalled: 'Stalled',
  'at risk': 'At risk',
  'no data': 'No data',
} as const;

/** A linked channel whose scorecard was not posted: which account, why, and what to do. */
export interface NotPosted {
  accountName: string;
  reason: string;
}

/** What posting scorecards did. */
interface PostSummary {
  scored: number;
  posted: number;
  /** Linked channels that got no scorecard, each with its reason and fix (the operator reads them). */
  notPosted: NotPosted[];
  salesforceWrites: number;
}

function salesforceFields(s: InternalScorecard) {
  return {
    Account__c: s.accountId,
    Period__c: s.period,
    Status__c: SF_STATUS[s.status],
    Developing__c: s.hours.verdict === 'developing',
    Client_Man_Hours__c: s.hours.thisMonth,
    Client_Man_Hours_Change__c: s.hours.change,
    People_Met__c: s.breadth.people,
    Levels_Reached__c: s.breadth.levels.length,
    Key_Activities__c: s.keyActivities.length,
    Open_Risks__c: s.riskFlags.length + (s.caseSpike.spike ? 1 : 0),
    Performance_Index__c: s.ratings?.performanceIndex ?? null,
    Relationship_Stage__c: s.stage.stage,
    Data_Complete__c: s.dataComplete,
    Open_Actions__c: s.actionPlan?.open ?? null,
    Overdue_Actions__c: s.actionPlan?.overdue ?? null,
    Priorities_With_Action__c: s.actionPlan?.prioritiesWithAction ?? null,
    Priorities__c: s.actionPlan?.priorities ?? null,
    Actions_Closed__c: s.actionPlan?.closed ?? null,
    Actions_Closed_On_Time__c: s.actionPlan?.closedOnTime ?? null,
    Oldest_Open_Irritant_Days__c: s.actionPlan?.oldestOpenIrritantDays ?? null,
    Response_Rate__c: s.responseRate?.percent ?? null,
  };
}

/**
 * After the month closes: scores every key account, queues its scorecard and Account summary for Salesforce, and
 * posts the internal scorecard once to each account's linked channel (the outbox key is period + account, so a
 * rerun never posts twice). Channels with members from another tenant are never linked (see channel-links), and
 * the engine checks the roster again right before each post or update (`internalOnly`).
 */
export async function postScorecards(deps: ScorecardDeps & { log: Logger }, period: Period): Promise<PostSummary> {
  const summary: PostSummary = { scored: 0, posted: 0, notPosted: [], salesforceWrites: 0 };
  for (const a of await channelLinksStore(deps.db).keyAccountsWithChannels()) {
    const s = await buildScorecard(deps, period, a.id);
    if (!s) continue;
    summary.scored += 1;
    const outbox = outboxStore(deps.db);
    await queueSalesforceUpsert(outbox, 'Pulse_Scorecard__c', `${a.id}-${period}`, salesforceFields(s));
    await queueAccountSummary(outbox, a.id, {
      Pulse_Status__c: SF_STATUS[s.status],
      Pulse_Client_Man_Hours__c: s.hours.thisMonth,
      Pulse_Last_Period__c: period,
    });
    summary.salesforceWrites += 2;
    if (!a.channelId) continue;
    const team = a.teamId ? await installationsStore(deps.db).teamInstallation(a.teamId) : undefined;
    if (!team || !a.tenantId) {
      deps.log.warn(
        { accountId: a.id, channelId: a.channelId },
        'the team of a linked channel has not the app; scorecard not posted',
      );
      summary.notPosted.push({
        accountName: plainName(s.accountName),
        reason:
          "Partnership Pulse is not installed in the team of the account's linked channel. Add the app to that team " +
          `(in Teams: the channel's + or the team's Apps), then post it with: npm run cycle -- post --period ${period}`,
      });
      continue;
    }
    const delivery: TeamsDelivery = {
      to: { kind: 'channel', reference: team.reference, channelId: a.channelId },
      activity: {
        type: 'message',
        summary: `${plainName(s.accountName)}: scorecard for ${periodLabel(period)}`,
        attachments: [scorecardCard(s)],
      },
      threadKey: `channel:${a.channelId}`,
      tenantId: a.tenantId,
      internalOnly: true,
    };
    if (await queueTeamsMessage(outbox, { kind: 'scorecard', period, accountId: a.id }, delivery)) summary.posted += 1;
  }
  deps.log.info({ period, ...summary }, 'scorecards queued');
  return summary;
}

/**
 * Late data (a sync, a rating round) can change a scorecard already posted: rebuilds each posted scorecard of the
 * period and, where the card changed, queues an update of the same message in place (never a second post).
 */
export async function refreshPostedScorecards(deps: ScorecardDeps & { log: Logger }, period: Period): Promise<number> {
  const outbox = outboxStore(deps.db);
  let updates = 0;
  for await (const row of outbox.delivered('teams', 'scorecard', teamsMessagePeriodPrefix(period))) {
    const posted = parseTeamsMessage('scorecard', row.key);
    const original = teamsDelivery.safeParse(row.payload);
    if (posted?.kind !== 'scorecard' || !original.success) continue;
    const p = { key: row.key, payload: original.data };
    const accountId = posted.accountId;
    const activityId = row.result?.activityId as string | undefined;
    const conversationId = row.result?.conversationId as string | undefined;
    if (!activityId || !conversationId) continue;
    const s = await buildScorecard(deps, period, accountId);
    if (!s) continue;
    const card = scorecardCard(s);
    const latest = teamsDelivery.safeParse(await outbox.payloadOf('teams', 'scorecard-update', p.key));
    const shown = (latest.success ? latest.data : p.payload).activity as { attachments?: unknown[] };
    if (canonical([card]) === canonical(shown.attachments ?? [])) continue;
    const to = p.payload.to as Extract<TeamsDelivery['to'], { kind: 'channel' }>;
    const update: TeamsDelivery = {
      ...p.payload,
      // Internal-only, whatever the original post carried (posts queued before the flag existed lack it).
      internalOnly: true,
      // A channel post is updated through its thread: `<channel>;messageid=<root activity id>`.
      to: {
        kind: 'conversation',
        reference: inThread(to.reference, conversationId),
      },
      activity: { ...p.payload.activity, attachments: [card] },
      replaceActivityId: activityId,
    };
    await queueTeamsMessage(outbox, { kind: 'scorecard-update', period, accountId }, update);
    updates += 1;
  }
  if (updates) deps.log.info({ period, updates }, 'posted scorecards changed; updating them in place');
  return updates;
}

/**
 * After a Salesforce sync: once the month that just ended is closed, late data may have changed its posted
 * scorecards, which are updated in place. Returns how many updates were queued (the caller nudges delivery).
 */
export async function refreshScorecardsAfterSync(deps: ScorecardDeps & { log: Logger }, now = deps.now()) {
  const period = lastEndedPeriod(now);
  if ((await cyclePeriodsStore(deps.db).periodStatus(period)) !== 'closed') return 0;
  return refreshPostedScorecards(deps, period);
}

/**
 * At a quarter's close: the portfolio summary, posted once (key: period + tenant) to each leadership channel.
 * Returns how many were queued.
 */
export async function postPortfolioSummary(deps: ScorecardDeps & { log: Logger }, period: Period): Promise<number> {
  const links = channelLinksStore(deps.db);
  const leaders = await links.leadershipChannels();
  if (!leaders.length) return 0;
  const cards: InternalScorecard[] = [];
  for (const a of await links.keyAccountsWithChannels()) {
    const s = await buildScorecard(deps, period, a.id);
    if (s) cards.push(s);
  }
  const quarter = [addMonths(period, -2), addMonths(period, -1), period];
  const summary = portfolioSummary(cards, {
    submitted: await returnsStore(deps.db).submittedCount(quarter),
    expected: cards.length * 3,
  });
  let queued = 0;
  for (const l of leaders) {
    const team = l.teamId ? await installationsStore(deps.db).teamInstallation(l.teamId) : undefined;
    if (!team || !l.tenantId) continue;
    const delivery: TeamsDelivery = {
      to: { kind: 'channel', reference: team.reference, channelId: l.channelId },
      activity: {
        type: 'message',
        summary: `Key-account portfolio, quarter to ${periodLabel(period)}`,
        attachments: [portfolioCard(`quarter to ${periodLabel(period)}`, summary)],
      },
      threadKey: `channel:${l.channelId}`,
      tenantId: l.tenantId,
      internalOnly: true,
    };
    if (await queueTeamsMessage(outboxStore(deps.db), { kind: 'portfolio', period, tenantId: l.tenantId }, delivery))
      queued += 1;
  }
  return queued;
}
