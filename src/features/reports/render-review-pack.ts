import { responseRateLine } from '../../core/scoring/response-rate.ts';
import { formatScore } from '../../core/domain/round1.ts';
import { clientSafe, type ClientSafeScorecard, type InternalScorecard } from '../../core/scoring/scorecard.ts';
import { planSection, type PackPlan } from './render-plan-section.ts';
import { periodLabel, type Period } from '../../core/domain/period.ts';
import { ACTIVITY_TYPES, BALL_WITH, RISK_FLAGS, type KeyActivity } from '../../core/domain/monthly-return.ts';
import { esc } from './html-text.ts';
import { formatMoney } from '../../core/domain/money.ts';

const num = (n: number | null, digits = 1) => (n === null ? '–' : n.toFixed(digits));
const money = (n: number | null, currency: string | null) => (n === null ? '–' : esc(formatMoney(n, currency)));

/** Client man-hours per month as an inline SVG bar chart (no script, prints as it shows); no return is no bar. */
function hoursChart(months: readonly { period: Period; hours: number | null }[]): string {
  const w = 640;
  const h = 220;
  const max = Math.max(1, ...months.map((m) => m.hours ?? 0));
  const bw = (w - 60) / Math.max(1, months.length);
  const bars = months
    .map(({ period, hours: v }, i) => {
      const bh = v === null ? 0 : ((h - 50) * v) / max;
      const x = 40 + i * bw + bw * 0.15;
      const label = periodLabel(period).replace(/ \d{4}$/, '');
      return (
        `<rect x="${x.toFixed(1)}" y="${(h - 30 - bh).toFixed(1)}" width="${(bw * 0.7).toFixed(1)}" ` +
        `height="${bh.toFixed(1)}" fill="${v === null ? 'none' : '#5B5FC7'}" stroke="#5B5FC7"/>` +
        `<text x="${(x + bw * 0.35).toFixed(1)}" y="${h - 12}" text-anchor="middle" font-size="11">${esc(label)}</text>` +
        `<text x="${(x + bw * 0.35).toFixed(1)}" y="${(h - 34 - bh).toFixed(1)}" text-anchor="middle" ` +
        `font-size="11">${v === null ? 'no data' : v.toFixed(1)}</text>`
      );
    })
    .join('');
  return (
    `<svg role="img" aria-label="Client man-hours per month" viewBox="0 0 ${w} ${h}" width="${w}" ` +
    `height="${h}"><line x1="36" y1="${h - 30}" x2="${w - 10}" y2="${h - 30}" ` +
    `stroke="#999"/>${bars}</svg>`
  );
}

/** The internal pack's ratings line: the client index and the round it comes from. */
const ratingsCell = (c: InternalScorecard) =>
  c.ratings
    ? `client index ${c.ratings.performanceIndex ?? '–'} of 100${c.ratings.round ? `. ${esc(c.ratings.round.text)}` : ''}`
    : 'no rating round yet';

/** A table row of cells already escaped or numeric. */
const row = (cells: readonly (string | number)[], tag: 'td' | 'th' = 'td') =>
  `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;

const activityList = (activities: readonly KeyActivity[]) =>
  activities.length
    ? `<ul>${activities.map((a) => `<li>${esc(a.date)}: ${esc(a.title)} (${esc(ACTIVITY_TYPES[a.type])})</li>`).join('\n')}</ul>`
    : '<p>None recorded.</p>';

/** The page around a pack's sections: title, subtitle, print styles. */
function page(
  accountName: string,
  periods: readonly Period[],
  subtitle: string,
  generatedAt: Date,
  body: string,
): string {
  const range = periods.length ? `${periodLabel(periods[0]!)} to ${periodLabel(periods.at(-1)!)}` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(accountName)}: review pack, ${esc(range)}</title>
<style>
  body { font-family: 'Segoe UI', system-ui, sans-serif; color: #242424; margin: 32px; max-width: 960px; }
  h1 { margin-bottom: 0; } .sub { color: #616161; margin-top: 4px; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; } th, td { border-bottom: 1px solid #E0E0E0; padding: 6px 8px; text-align: left; }
  th { background: #F5F5F5; } .facts td:first-child { font-weight: 600; width: 220px; }
  @media print { body { margin: 12mm; } h2 { break-after: avoid; } }
</style></head><body>
<h1>${esc(accountName)}</h1>
<p class="sub">${esc(subtitle)}, ${esc(range)}. Generated ${esc(generatedAt.toISOString().slice(0, 10))}.</p>
${body}
</body></html>
`;
}

/**
 * The joint review pack (six-monthly, or quarterly: any span of months), for both senior teams: built only from the client-safe scorecards, so it cannot
 * show revenue, asset value, status, risk flags, notes or internal ratings (DOMAIN.md, "What must never happen").
 */
export function renderJointReviewPack(
  accountName: string,
  months: readonly ClientSafeScorecard[],
  generatedAt: Date,
  plan: PackPlan = { actions: [] },
): string {
  const last = months.at(-1);
  const rows = months
    .map((m) =>
      row([
        esc(periodLabel(m.period)),
        num(m.clientManHours),
        m.peopleMet,
        esc(m.levelsReached.join(', ') || '–'),
        m.keyActivities.length,
        esc(m.ballWith ? BALL_WITH[m.ballWith] : '–'),
      ]),
    )
    .join('\n');
  const from = last?.clientRatings?.round ? ` ${esc(last.clientRatings.round.text)}` : '';
  const ratings = last?.clientRatings
    ? `<p>Your performance index for us: ${last.clientRatings.performanceIndex ?? '–'} of 100.${from}</p><ol>${last.clientRatings.priorities
        .map(
          (p) =>
            `<li>${esc(p.element)}: importance ${formatScore(p.importance)}, performance ${formatScore(p.performance)}</li>`,
        )
        .join('')}</ol>`
    : '<p>No rating round yet.</p>';
  return page(
    accountName,
    months.map((m) => m.period),
    'Joint review pack',
    generatedAt,
    `<h2>Time invested together (client man-hours)</h2>
${hoursChart(months.map((m) => ({ period: m.period, hours: m.clientManHours })))}
<p>${last ? esc(`Latest: ${last.verdictText}.`) : ''}</p>
<h2>Month by month</h2>
<table><thead>${row(['Month', 'Client man-hours', 'People met', 'Levels', 'Key activities', 'Ball with'], 'th')}</thead>
<tbody>
${rows}
</tbody></table>
<h2>Key activities</h2>
${activityList(months.flatMap((m) => m.keyActivities))}
<h2>What matters most to you</h2>
${ratings}
${planSection('joint', plan, months[0], last)}`,
  );
}

/** The status, and when it is "at risk" the rules that fired: a month with no return can be at risk, and says why. */
const statusCell = (c: InternalScorecard) =>
  c.status === 'at risk' ? `at risk: ${(c.why.status ?? []).join(' ')}` : c.status;

/** The internal pack, for the account team preparing the review: the joint content plus status, risks and the stake. */
const INTERNAL_COLUMNS = [
  'Month',
  'Client man-hours',
  'Verdict',
  'Status',
  'People met',
  'Levels',
  'Key activities',
  'Ball with',
  'Risks',
  'Return',
];

export function renderInternalReviewPack(
  accountName: string,
  cards: readonly InternalScorecard[],
  generatedAt: Date,
  plan: PackPlan = { actions: [] },
): string {
  const last = cards.at(-1);
  const rows = cards
    .map((c) =>
      row([
        esc(periodLabel(c.period)),
        num(c.hours.thisMonth),
        esc(c.hours.verdict),
        esc(statusCell(c)),
        c.breadth.people,
        esc(c.breadth.levels.join(', ') || '–'),
        c.keyActivities.length,
        esc(c.ballWith ? BALL_WITH[c.ballWith] : '–'),
        esc(c.riskFlags.map((f) => RISK_FLAGS[f]).join('; ') || '–'),
        c.dataComplete ? 'yes' : 'no return',
      ]),
    )
    .join('\n');
  return page(
    accountName,
    cards.map((c) => c.period),
    'Internal review pack (not for the client: revenue, status and risks)',
    generatedAt,
    `<h2>Client man-hours</h2>
${hoursChart(cards.map((c) => ({ period: c.period, hours: c.hours.thisMonth })))}
<p>${last ? esc(`Latest: ${last.verdictText}.`) : ''}</p>
<h2>Month by month</h2>
<table><thead>${row(INTERNAL_COLUMNS, 'th')}</thead>
<tbody>
${rows}
</tbody></table>
<h2>Key activities</h2>
${activityList(cards.flatMap((c) => c.keyActivities))}
<h2>What is at stake</h2>
${
  last
    ? `<table class="facts"><tbody>
<tr><td>Share of key-account revenue</td><td>${last.stake.shareOfRevenue ?? '–'}%</td></tr>
<tr><td>Customer asset value</td><td>${money(last.stake.customerAssetValue, last.stake.currency)}</td></tr>
<tr><td>Open pipeline</td><td>${money(last.stake.openPipeline, last.stake.currency)}</td></tr>
<tr><td>Next renewal</td><td>${esc(last.stake.nextRenewal ?? '–')}</td></tr>
<tr><td>Ratings</td><td>${ratingsCell(last)}</td></tr>
<tr><td>Client response rate</td><td>${esc(responseRateLine(last.responseRate))}</td></tr>
</tbody></table>`
    : ''
}
${planSection('internal', { ...plan, measures: last?.actionPlan ?? null }, cards[0] && clientSafe(cards[0]), last && clientSafe(last))}`,
  );
}
