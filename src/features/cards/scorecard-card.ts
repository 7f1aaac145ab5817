import { cardAttachment } from './render-card.ts';
import { ACTIVITY_TYPES, BALL_WITH, RISK_FLAGS, STAGES, type Stage } from '../../core/domain/monthly-return.ts';
import { periodLabel } from '../../core/domain/period.ts';
import type { InternalScorecard } from '../../core/scoring/scorecard.ts';
import { actionMeasuresText } from '../../core/scoring/action-measures.ts';
import { responseRateLine } from '../../core/scoring/response-rate.ts';
import { plainText, plainName } from '../../core/domain/plain-text.ts';
import { formatMoney } from '../../core/domain/money.ts';

const STATUS = {
  developing: ['Developing', 'Good'],
  'not developing': ['Not developing', 'Warning'],
  stalled: ['Stalled', 'Warning'],
  'at risk': ['At risk', 'Attention'],
  'no data': ['No data', 'Default'],
} as const;

// Made once: building a locale formatter costs far more than using one (it was a third of a scorecard bind).
const MONTH_SHORT = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });
const money = (n: number | null, currency: string | null) => (n === null ? 'unknown' : formatMoney(n, currency));
const monthShort = (p: string) => MONTH_SHORT.format(new Date(`${p}-01T00:00:00Z`));
/** A "why" line may hold a meeting's subject from Salesforce (up to 255 characters) besides our own words. */
const WHY_LINE_MAX_LENGTH = 1000;

/** The "why" lines of each measure, in the order the card shows them, under a heading each. */
const WHY_SECTIONS: [key: string, title: string][] = [
  ['hours', 'Client man-hours'],
  ['status', 'Status'],
  ['breadth', 'Breadth'],
  ['cases', 'Support cases'],
  ['performanceIndex', 'Client performance index'],
  ['gaps', 'Perception gaps'],
  ['priorities', 'Priorities for action'],
  ['actionPlan', 'Action plan'],
  ['stake', 'What is at stake'],
];

/** This month's count against last month's (the trend), then what they were. */
function keyActivitiesText(s: InternalScorecard): string {
  const n = s.keyActivities.length;
  const last = s.keyActivitiesLastMonth === null ? 'no return last month' : `${s.keyActivitiesLastMonth} last month`;
  const list = s.keyActivities.map((a) => `${a.title} (${ACTIVITY_TYPES[a.type]})`).join('; ');
  return `${n} this month, ${last}${list ? `: ${list}` : ''}`;
}

/** The internal monthly scorecard of one account, for its internal channel: every measure, with what drove the status. */
export function scorecardCard(s: InternalScorecard) {
  const [statusText, statusColor] = STATUS[s.status];
  const r = s.ratings;
  const answered = s.trend.filter((t) => t.hours !== null);
  const unanswered = s.trend.filter((t) => t.hours === null);
  return cardAttachment('scorecard', {
    accountName: plainName(s.accountName),
    periodLabel: periodLabel(s.period),
    headline: s.hours.thisMonth === null ? 'No return this month: no data.' : `Client man-hours ${s.verdictText}`,
    statusText,
    statusColor,
    statusWhy: s.why.status?.join(' ') ?? '',
    // Six months on a fixed axis: a month without a return keeps its place with no bar (no data, never zero), and
    // the line under the chart names those months.
    trend: s.trend.map((t) => ({ label: monthShort(t.period), hours: t.hours })),
    hasTrend: answered.length > 0,
    chartTitle: 'Client man-hours, last six months',
    noReturnText: unanswered.length
      ? `No bar: no return for ${unanswered.map((t) => monthShort(t.period)).join(', ')} (no data, not zero).`
      : '',
    trendText: s.trend
      .map((t) => `${monthShort(t.period)} ${t.hours === null ? 'no data' : t.hours.toFixed(1)}`)
      .join(', '),
    facts: [
      { title: 'Our man-hours', value: s.ourManHours === null ? 'no data' : s.ourManHours.toFixed(1) },
      {
        title: 'Breadth',
        value: `${s.breadth.people} client ${s.breadth.people === 1 ? 'person' : 'people'}; levels: ${s.breadth.levels.join(', ') || 'none'}`,
      },
      { title: 'Key activities', value: keyActivitiesText(s) },
      { title: 'Who has the ball', value: s.ballWith ? BALL_WITH[s.ballWith] : 'not set' },
      {
        title: 'Risks',
        value:
          [
            ...s.riskFlags.map((f) => RISK_FLAGS[f]),
            ...(s.caseSpike.spike
              ? [`support cases spiked (${s.caseSpike.thisWeek} in the last week of the month)`]
              : []),
            ...(s.actionPlan?.overdue
              ? [`${s.actionPlan.overdue} action${s.actionPlan.overdue === 1 ? '' : 's'} past the due date`]
              : []),
          ].join('; ') || 'none',
      },
      {
        title: 'Ratings',
        // Below MIN_RATERS client raters the round has no client numbers at all (anonymity): say so, no zeros.
        value: !r
          ? 'no rating round yet'
          : !r.clientAggregates.length
            ? 'last round: not enough client responses for numbers'
            : `client index ${r.performanceIndex ?? 'n/a'} of 100; largest gap ` +
              `${r.gaps[0] ? `${r.gaps[0].element} ${r.gaps[0].gap > 0 ? '+' : ''}${r.gaps[0].gap}` : 'none'}` +
              `${r.round ? `. ${r.round.text}` : ''}`,
      },
      {
        title: 'Priorities',
        value: r ? r.priorities.map((p) => p.element).join('; ') || 'none' : 'no rating round yet',
      },
      { title: 'Action plan', value: actionMeasuresText(s.actionPlan) },
      { title: 'Response rate', value: responseRateLine(s.responseRate) },
      {
        title: 'At stake',
        value:
          `${s.stake.shareOfRevenue ?? '?'}% of key-account revenue; asset value ` +
          `${money(s.stake.customerAssetValue, s.stake.currency)}; pipeline ` +
          `${money(s.stake.openPipeline, s.stake.currency)}${s.stake.nextRenewal ? `; renewal ${s.stake.nextRenewal}` : ''}`,
      },
      { title: 'Next step', value: s.nextStep ?? 'none' },
      {
        title: 'Relationship stage',
        value: `${s.stage.stage ? STAGES[s.stage.stage as Stage] : 'not assessed by the account manager'}. ${s.stage.evidence.join(' ')}`,
      },
    ],
    why: WHY_SECTIONS.filter(([key]) => s.why[key]?.length).map(([key, title]) => ({
      title,
      lines: s.why[key]!.map((line) => plainText(line, WHY_LINE_MAX_LENGTH)),
    })),
    completeness: s.dataComplete
      ? 'Complete: the account manager answered for this month.'
      : 'Incomplete: no return from the account manager for this month.',
  });
}
