import { RISK_FLAGS, type RiskFlag } from '../domain/monthly-return.ts';
import type { ClientHoursTrend } from './client-hours-trend.ts';
import type { Explained } from './explained.ts';

/** The account's overall status for the period, with the rules that fired. */
export type OverallStatus = 'developing' | 'not developing' | 'stalled' | 'at risk' | 'no data';

/** What the status rules look at. */
interface StatusInput {
  trend: ClientHoursTrend;
  riskFlags: readonly RiskFlag[];
  sponsorLeft: boolean;
  caseSpike: boolean;
  largestPerceptionGap: number | null;
}

/** The gap (internal minus client, on 1..5) from which the account is at risk whatever the hours say. */
const PERCEPTION_GAP_ALARM = 1.5;

/**
 * At risk beats everything (two or more risk flags, the sponsor gone, a case spike, or a large perception gap);
 * then no data (no return this month or last, so no test); stalled (two or more months not developing); developing; not developing.
 */
export function overallStatus(input: StatusInput): Explained<OverallStatus> {
  const risks: string[] = [];
  if (input.riskFlags.length >= 2)
    risks.push(
      `${input.riskFlags.length} risk flags raised (${input.riskFlags.map((f) => RISK_FLAGS[f]).join('; ')}).`,
    );
  if (input.sponsorLeft) risks.push('The sponsor or a key contact has left.');
  if (input.caseSpike) risks.push('Support cases spiked in the last week of the month.');
  if (input.largestPerceptionGap !== null && input.largestPerceptionGap >= PERCEPTION_GAP_ALARM) {
    risks.push(`We rate ourselves ${input.largestPerceptionGap} points higher than the client does on one element.`);
  }
  if (risks.length) return { value: 'at risk', why: risks };
  if (input.trend.thisMonth === null) return { value: 'no data', why: ['No return this month.'] };
  if (input.trend.lastMonth === null) return { value: 'no data', why: ['No return last month to compare with.'] };
  if (input.trend.stalled)
    return {
      value: 'stalled',
      why: [`Client man-hours have not grown for ${input.trend.notDevelopingStreak} months.`],
    };
  if (input.trend.verdict === 'developing')
    return {
      value: 'developing',
      why: [`Client man-hours grew from ${input.trend.lastMonth} to ${input.trend.thisMonth}.`],
    };
  return {
    value: 'not developing',
    why: [`Client man-hours did not grow (${input.trend.lastMonth} to ${input.trend.thisMonth}).`],
  };
}
