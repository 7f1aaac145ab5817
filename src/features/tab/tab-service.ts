import type { Clock } from '../../core/domain/clock.ts';
import type { Database } from '../../adapters/store/database.ts';
import { tabStore, type TabAccount } from '../../adapters/store/tab-store.ts';
import { channelLinksStore } from '../../adapters/store/channel-links-store.ts';
import { ratingsStore } from '../../adapters/store/ratings-store.ts';
import { actionsStore } from '../../adapters/store/actions-store.ts';
import { isOverdue, targetsInForce } from '../../core/domain/action-plan.ts';
import { targetsStore } from '../../adapters/store/targets-store.ts';
import { calendarZone, localDate } from '../../core/domain/local-time.ts';
import { roundResults } from '../../core/scoring/round-results.ts';
import { roundLabels } from './round-labels.ts';
import { ratersOn, responseRate } from '../../core/scoring/response-rate.ts';
import { minRatersOf } from '../../core/scoring/settings.ts';
import { buildScorecard, buildScorecards } from '../scorecards/build-scorecard.ts';
import { clientSafe } from '../../core/scoring/scorecard.ts';
import type { ScoringSettings } from '../../core/scoring/settings.ts';
import { addMonths, lastEndedPeriod, type Period } from '../../core/domain/period.ts';
import { STAGES } from '../../core/domain/monthly-return.ts';
import { TabRefusal } from './tab-refusal.ts';
import { requireInternal, resolveViewer, type SignedInIdentity, type Viewer } from './tab-viewer.ts';
import type { SharedChannels } from './shared-channels.ts';
import type { ChannelRoster } from '../../core/ports/channel-roster.ts';
import { requireChannelMember } from './require-channel-member.ts';
import type {
  AccountHistoryView,
  ChannelBinding,
  HistoryMonth,
  JointView,
  PortfolioRow,
  PortfolioView,
} from './tab-views.ts';

/** What the tab's use cases need. */
interface TabDeps {
  db: Database;
  scoringSettings: ScoringSettings;
  /** Tenants whose users are ours (the bot's allow-list; the demo tenant in the local preview). */
  homeTenantIds: readonly string[];
  sharedChannels: SharedChannels;
  /** Channel rosters read outside a turn (the rating form's): the joint view is for the shared channel's members. */
  roster: ChannelRoster;
  /** The account's page in Salesforce, or null when there is none to open (the demo org). */
  salesforceUrl: (accountId: string) => string | null;
  now: Clock;
  /** The organisation's time zone, for the months of an account whose owner's zone is unknown. */
  orgTimeZone?: string;
}

/** The tab's use cases: each resolves the viewer, checks what they may see, and builds one view model. */
export interface TabService {
  portfolio(identity: SignedInIdentity): Promise<PortfolioView>;
  account(identity: SignedInIdentity, accountId: string): Promise<AccountHistoryView>;
  joint(identity: SignedInIdentity, channelId: string): Promise<JointView>;
  channel(identity: SignedInIdentity, channelId: string): Promise<ChannelBinding>;
}

const notKeyAccount = () =>
  new TabRefusal(404, 'NotKeyAccount', 'That account is no longer a key account in Salesforce.');

/** How many months the account history shows. */
const HISTORY_MONTHS = 12;
/** How many closed rating rounds it shows (two years of quarterly rounds). */
const RATING_ROUNDS = 8;

/** Builds the tab's use cases over the stores and the scoring core (the same scorecards the cards show). */
export function createTabService(deps: TabDeps): TabService {
  const store = tabStore(deps.db);
  const period = (): Period => lastEndedPeriod(deps.now());
  /** Today on the organisation's calendar, which due dates are on. */
  const orgToday = () => localDate(deps.now(), calendarZone(undefined, deps.orgTimeZone));
  const viewerOf = (identity: SignedInIdentity) => resolveViewer(store, deps.homeTenantIds, identity);
  const visible = async (viewer: Viewer, accountId: string): Promise<TabAccount> => {
    const me = requireInternal(viewer);
    const account = await store.visibleAccount(me.sfUserId, accountId);
    if (!account)
      throw new TabRefusal(
        403,
        'NotOnAccountTeam',
        "You are not on this account's team in Salesforce (owner, account team member, or their manager), so its history is not shown.",
      );
    return account;
  };
  const scorecard = async (p: Period, accountId: string) => {
    const card = await buildScorecard(deps, p, accountId);
    if (!card) throw notKeyAccount();
    return card;
  };

  /** Client against internal per element in each closed round (past the anonymity threshold), oldest first. */
  const ratingHistory = async (accountId: string) => {
    const store = ratingsStore(deps.db);
    const rounds = await store.closedRounds(accountId, RATING_ROUNDS);
    const labels = roundLabels(rounds.map((r) => r.closedAt ?? r.closesAt));
    const ratingsOf = await store.ratingsOfRounds(rounds.map((r) => r.id));
    const targets = await targetsStore(deps.db).ofAccount(accountId);
    return rounds.map((r, i) => {
      const results = roundResults(
        (ratingsOf.get(r.id) ?? []).map((x) => ({ ...x, raterId: x.raterKey })),
        minRatersOf(deps.scoringSettings),
      );
      // Actual against the target both sides agreed for this round, per element.
      const target = targetsInForce(targets, r.openedAt);
      const rows = ratingsOf.get(r.id) ?? [];
      return {
        round: labels[i]!,
        elements: results.gaps.map((g) => ({ ...g, target: target.get(g.element) ?? null })),
        responseRate: responseRate(r.closedAt!.toISOString().slice(0, 10), ratersOn(rows, 'client'), r.clientMembers),
      };
    });
  };

  return {
    async portfolio(identity) {
      const me = requireInternal(await viewerOf(identity));
      const p = period();
      const accounts = await store.visibleAccounts(me.sfUserId);
      const last = await store.lastReturns(accounts.map((a) => a.id));
      const rows: PortfolioRow[] = [];
      for (const a of accounts) {
        const s = await scorecard(p, a.id);
        rows.push({
          accountId: a.id,
          accountName: a.name,
          ownerName: a.ownerName,
          status: s.status,
          clientHoursChange: s.hours.change,
          clientHours: s.hours.thisMonth,
          perceptionGap: s.ratings?.gaps[0]?.gap ?? null,
          revenueAtStake: s.stake.customerAssetValue,
          currency: s.stake.currency,
          lastReturn: last.get(a.id) ?? null,
          overdueActions: s.actionPlan && s.actionPlan.open + s.actionPlan.closed > 0 ? s.actionPlan.overdue : null,
          responseRate: s.responseRate?.percent ?? null,
        });
      }
      return { period: p, viewerName: me.name, rows };
    },

    async account(identity, accountId) {
      const account = await visible(await viewerOf(identity), accountId);
      const p = period();
      const from = addMonths(p, -(HISTORY_MONTHS - 1));
      // Every month's figures are that month's scorecard, the one the card, the review pack and Salesforce get:
      // the tab computes no measure of its own.
      // The month still open comes along in the same statements: the action plan is shown as it stands today.
      const cards = await buildScorecards(deps, accountId, from, addMonths(p, 1));
      if (!cards) throw notKeyAccount();
      const today = cards.pop()!;
      const s = cards[cards.length - 1]!;
      const stored = await store.returnStatuses(accountId, from, p);
      const statusOf = new Map(stored.map((m) => [m.period, m.status]));
      const months: HistoryMonth[] = cards.map((c) => ({
        period: c.period,
        returnStatus: statusOf.get(c.period) ?? 'none',
        clientManHours: c.hours.thisMonth,
        ourManHours: c.ourManHours,
        developing: c.hours.verdict === 'developing' ? true : c.hours.verdict === 'not developing' ? false : null,
        peopleMet: c.breadth.people,
        levelsReached: c.breadth.levels.length,
      }));
      const stage = s.stage.stage;
      return {
        period: p,
        accountId,
        accountName: account.name,
        ownerName: account.ownerName,
        status: s.status,
        verdictText: s.verdictText,
        months,
        keyActivities: cards
          .flatMap((c) => c.keyActivities.map((a) => ({ ...a, period: c.period })))
          .sort((a, b) => b.date.localeCompare(a.date)),
        ballWith: s.ballWith,
        ratingRounds: await ratingHistory(accountId),
        irritants: s.irritants.map(({ title, element, status, raisedBy }) => ({ title, element, status, raisedBy })),
        actionPlan: {
          asOf: orgToday(),
          measures: today.actionPlan,
          actions: (await actionsStore(deps.db).ofAccount(accountId)).map((a) => ({
            title: a.title,
            element: a.element,
            ownerName: a.ownerName,
            ownerSide: a.ownerSide,
            dueOn: a.dueOn,
            status: a.status,
            visibility: a.visibility,
            overdue: isOverdue(a, orgToday()),
          })),
        },
        stage: {
          stage,
          label: stage ? STAGES[stage as keyof typeof STAGES] : 'Not assessed yet',
          evidence: s.stage.evidence,
        },
        salesforceUrl: deps.salesforceUrl(accountId),
      };
    },

    async joint(identity, channelId) {
      const viewer = await viewerOf(identity);
      const channel = await deps.sharedChannels.lookup(channelId);
      if (!channel)
        throw new TabRefusal(
          404,
          'NotSharedChannel',
          'This channel is not linked to a key account as its shared channel. An account team member links it by typing @Partnership Pulse link here.',
        );
      if (viewer.kind === 'external') {
        if (!channel.clientTenantIds.includes(viewer.tenantId))
          throw new TabRefusal(
            403,
            'NotClientTenant',
            "Your organisation is not this account's client tenant, so this joint view is not shown to you.",
          );
      } else await visible(viewer, channel.accountId);
      await requireChannelMember(deps.roster, identity, channelId);
      return { scorecard: clientSafe(await scorecard(period(), channel.accountId)) };
    },

    async channel(identity, channelId) {
      const viewer = await viewerOf(identity);
      const shared = await deps.sharedChannels.lookup(channelId);
      if (shared) {
        const view = await this.joint(identity, channelId);
        return { kind: 'shared', accountName: view.scorecard.accountName };
      }
      const link = await channelLinksStore(deps.db).byChannel(channelId);
      if (link?.purpose !== 'account' || !link.accountId)
        throw new TabRefusal(
          404,
          'ChannelNotLinked',
          'This channel is not linked to a key account yet. Type @Partnership Pulse link in the channel, then add the tab again.',
        );
      const account = await visible(viewer, link.accountId);
      return { kind: 'account', accountId: account.id, accountName: account.name };
    },
  };
}
