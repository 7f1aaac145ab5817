import type { InternalScorecard } from '../scoring/scorecard.ts';
import { periodLabel } from '../domain/period.ts';
import { ACTIVITY_TYPES, BALL_WITH, RISK_FLAGS } from '../domain/monthly-return.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (n: number | null, digits = 1) => (n === null ? '–' : n.toFixed(digits));
const money = (n: number | null) => (n === null ? '–' : new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }).format(n));

/** Client man-hours per month as an inline SVG bar chart (no script, prints as it shows). */
function hoursChart(cards: readonly InternalScorecard[]): string {
  const w = 640;
  const h = 220;
  const max = Math.max(1, ...cards.map((c) => c.hours.thisMonth ?? 0));
  const bw = (w - 60) / Math.max(1, cards.length);
  const bars = cards
    .map((c, i) => {
      const v = c.hours.thisMonth;
      const bh = v === null ? 0 : ((h - 50) * v) / max;
      const x = 40 + i * bw + bw * 0.15;
      const label = periodLabel(c.period).replace(/ \d{4}$/, '');
      return `<rect x="${x.toFixed(1)}" y="${(h - 30 - bh).toFixed(1)}" width="${(bw * 0.7).toFixed(1)}" height="${bh.toFixed(1)}" fill="${v === null ? 'none' : '#5B5FC7'}" stroke="#5B5FC7"/>`
        + `<text x="${(x + bw * 0.35).toFixed(1)}" y="${h - 12}" text-anchor="middle" font-size="11">${esc(label)}</text>`
        + `<text x="${(x + bw * 0.35).toFixed(1)}" y="${(h - 34 - bh).toFixed(1)}" text-anchor="middle" font-size="11">${v === null ? 'no data' : v.toFixed(1)}</text>`;
    })
    .join('');
  return `<svg role="img" aria-label="Client man-hours per month" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}"><line x1="36" y1="${h - 30}" x2="${w - 10}" y2="${h - 30}" stroke="#999"/>${bars}</svg>`;
}

/**
 * The six-month joint review pack of one account as a self-contained HTML page (print it to PDF from a browser):
 * the client man-hours chart, the month-by-month table, key activities, risks and what is at stake. Internal.
 */
export function renderReviewPack(accountName: string, cards: readonly InternalScorecard[], generatedAt: Date): string {
  const last = cards.at(-1);
  const rows = cards
    .map((c) => `<tr><td>${esc(periodLabel(c.period))}</td><td>${num(c.hours.thisMonth)}</td><td>${esc(c.hours.verdict)}</td><td>${esc(c.status)}</td><td>${c.breadth.people}</td><td>${esc(c.breadth.levels.join(', ') || '–')}</td><td>${c.keyActivities.length}</td><td>${esc(c.ballWith ? BALL_WITH[c.ballWith] : '–')}</td><td>${esc(c.riskFlags.map((f) => RISK_FLAGS[f]).join('; ') || '–')}</td><td>${c.dataComplete ? 'yes' : 'no return'}</td></tr>`)
    .join('\n');
  const activities = cards.flatMap((c) => c.keyActivities.map((a) => `<li>${esc(a.date)}: ${esc(a.title)} (${esc(ACTIVITY_TYPES[a.type])})</li>`)).join('\n');
  const range = cards.length ? `${periodLabel(cards[0]!.period)} to ${periodLabel(cards.at(-1)!.period)}` : '';
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
<p class="sub">Joint review pack, ${esc(range)}. Internal: contains revenue, status and risks. Generated ${esc(generatedAt.toISOString().slice(0, 10))}.</p>
<h2>Client man-hours</h2>
${hoursChart(cards)}
<p>${last ? esc(`Latest: ${last.verdictText}.`) : ''}</p>
<h2>Month by month</h2>
<table><thead><tr><th>Month</th><th>Client man-hours</th><th>Test</th><th>Status</th><th>People met</th><th>Levels</th><th>Key activities</th><th>Ball with</th><th>Risks</th><th>Return</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Key activities</h2>
${activities ? `<ul>${activities}</ul>` : '<p>None recorded.</p>'}
<h2>What is at stake</h2>
${last ? `<table class="facts"><tbody>
<tr><td>Share of key-account revenue</td><td>${last.stake.shareOfRevenue ?? '–'}%</td></tr>
<tr><td>Customer asset value</td><td>${money(last.stake.customerAssetValue)}</td></tr>
<tr><td>Open pipeline</td><td>${money(last.stake.openPipeline)}</td></tr>
<tr><td>Next renewal</td><td>${esc(last.stake.nextRenewal ?? '–')}</td></tr>
<tr><td>Ratings</td><td>${last.ratings ? `client index ${last.ratings.performanceIndex ?? '–'} of 100` : 'no rating round yet'}</td></tr>
</tbody></table>` : ''}
</body></html>
`;
}
