import { cardAttachment } from './render-card.ts';
import type { PortfolioSummary } from '../../core/scoring/portfolio.ts';
import { plainName } from '../../core/domain/plain-text.ts';
import { formatMoney } from '../../core/domain/money.ts';

/** The leadership channel's quarterly card. */
export function portfolioCard(quarterLabel: string, s: PortfolioSummary) {
  const rate = s.responseRate;
  return cardAttachment('portfolio-summary', {
    quarterLabel,
    responseText:
      `${s.accounts} key account${s.accounts === 1 ? '' : 's'}; returns in: ${s.returns.submitted} of ` +
      `${s.returns.expected} this quarter; ` +
      `${s.ratingRounds ? `rating rounds answered for ${s.ratingRounds.answered} of ${s.ratingRounds.expected} accounts` : 'no rating round yet'}` +
      `${rate && rate.percent !== null ? `; client response rate in the latest rounds: ${rate.rated} of ${rate.members} members (${rate.percent}%)` : ''}.`,
    notDevelopingText: s.notDeveloping.length
      ? s.notDeveloping.map((a) => `- ${plainName(a.name)}: ${a.months} months`).join('\n')
      : 'None.',
    gapsText: s.largestGaps.length
      ? s.largestGaps.map((g) => `- ${plainName(g.name)}: ${g.element} (+${g.gap})`).join('\n')
      : s.ratingRounds
        ? 'None.'
        : 'No rating round yet.',
    actionText: s.actionLoop
      ? `Priorities with an action: ${s.actionLoop.prioritiesWithAction} of ${s.actionLoop.priorities}; ` +
        `closed on time to date: ${s.actionLoop.closedOnTime} of ${s.actionLoop.closed}; overdue: ` +
        `${s.actionLoop.overdue.map((o) => `${plainName(o.name)} (${o.actions})`).join(', ') || 'none'}.`
      : 'No action plan yet.',
    atStake: s.atStake.map((a) => ({
      name: plainName(a.name),
      value: `asset value ${a.assetValue === null ? 'unknown' : formatMoney(a.assetValue, a.currency)}; ${a.share ?? '?'}% of revenue; ${a.status}`,
    })),
  });
}
