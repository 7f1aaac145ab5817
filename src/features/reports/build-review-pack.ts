import { addMonths, parsePeriod, type Period } from '../../core/domain/period.ts';
import { buildScorecards, type ScorecardDeps } from '../scorecards/build-scorecard.ts';
import { clientSafe } from '../../core/scoring/scorecard.ts';
import { renderInternalReviewPack, renderJointReviewPack } from './render-review-pack.ts';

import { ReportError } from './report-error.ts';
import { actionsStore } from '../../adapters/store/actions-store.ts';
import { visibleIn } from '../../core/domain/action-plan.ts';
import { calendarZone, localDate } from '../../core/domain/local-time.ts';
import { resolveKeyAccount } from './resolve-key-account.ts';

/** The longest span a review pack covers. */
const MAX_MONTHS = 24;

/** Who a review pack is for: both senior teams (client-safe, the default), or the account team preparing it. */
type PackAudience = 'joint' | 'internal';

/** Builds the review pack HTML for one account (its id or name: `resolveKeyAccount`) over [from, to] (at most 24 months). */
export async function buildReviewPack(
  deps: ScorecardDeps,
  account: string,
  fromText: string,
  toText: string,
  audience: PackAudience = 'joint',
): Promise<{ html: string; accountName: string; from: Period; to: Period; audience: PackAudience }> {
  const from = parsePeriod(fromText);
  const to = parsePeriod(toText);
  if (!from || !to) throw new ReportError('--from and --to must be months as YYYY-MM');
  if (to < from) throw new ReportError('--to must not be before --from');
  const accountId = await resolveKeyAccount(deps.db, account);
  if (to > addMonths(from, MAX_MONTHS - 1)) throw new ReportError(`A review pack covers at most ${MAX_MONTHS} months`);
  // The months' scorecards in one read, each the one its card and the tab show (buildScorecards).
  const cards = await buildScorecards(deps, accountId, from, to);
  if (!cards) throw new ReportError(`${accountId} is not a key account (see Salesforce, or run npm run sync)`);
  const name = cards[0]!.accountName;
  // The plan as its audience may see it: the joint pack the joint actions only (as the shared channel).
  const actions = visibleIn(
    audience === 'joint' ? 'shared' : 'internal',
    await actionsStore(deps.db).ofAccount(accountId),
  );
  const asOf = localDate(deps.now(), calendarZone(undefined, deps.orgTimeZone));
  const html =
    audience === 'joint'
      ? renderJointReviewPack(name, cards.map(clientSafe), deps.now(), { actions, asOf })
      : renderInternalReviewPack(name, cards, deps.now(), { actions, asOf });
  return { html, accountName: name, from, to, audience };
}
