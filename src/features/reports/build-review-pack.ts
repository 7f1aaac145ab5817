import { addMonths, parsePeriod, type Period } from '../../core/domain/period.ts';
import { buildScorecard, type ScorecardDeps } from '../scorecards/build-scorecard.ts';
import { clientSafe, type InternalScorecard } from '../../core/scoring/scorecard.ts';
import { renderInternalReviewPack, renderJointReviewPack } from './render-review-pack.ts';

import { ReportError } from './report-error.ts';
import { resolveKeyAccount } from './resolve-key-account.ts';

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
  const cards: InternalScorecard[] = [];
  for (let p = from; p <= to; p = addMonths(p, 1)) {
    if (cards.length >= 24) throw new ReportError('A review pack covers at most 24 months');
    const card = await buildScorecard(deps, p, accountId);
    if (!card) throw new ReportError(`${accountId} is not a key account (see Salesforce, or run npm run sync)`);
    cards.push(card);
  }
  const name = cards[0]!.accountName;
  const html =
    audience === 'joint'
      ? renderJointReviewPack(name, cards.map(clientSafe), deps.now())
      : renderInternalReviewPack(name, cards, deps.now());
  return { html, accountName: name, from, to, audience };
}
