import { formatScore } from '../../core/domain/round1.ts';
import { esc } from './html-text.ts';
import type { PlanAction } from '../../core/domain/action-plan.ts';
import { actionMeasuresText, type ActionMeasures } from '../../core/scoring/action-measures.ts';
import type { ClientSafeScorecard } from '../../core/scoring/scorecard.ts';

const score = (n: number | null | undefined) => (n === null || n === undefined ? '–' : formatScore(n));
const STATUS = { proposed: 'proposed', open: 'open', done: 'done', dropped: 'dropped' } as const;

/** What a pack shows of the plan: the actions its audience may see, and the measures (internal pack only). */
export interface PackPlan {
  actions: readonly PlanAction[];
  /** The day the actions' states are from: the plan as it stands when the pack is made. */
  asOf?: string;
  measures?: ActionMeasures | null;
}

/**
 * The plan in a review pack (issue 27, item 6): what changed per element between the period's first and last rating
 * round, against the target agreed for the last; then the actions. The joint pack names each action's side, not its
 * owner, and marks nothing late (as the digest); the internal pack names owners and gives the measures.
 */
export function planSection(
  audience: 'joint' | 'internal',
  plan: PackPlan,
  first: ClientSafeScorecard | undefined,
  last: ClientSafeScorecard | undefined,
): string {
  const before = new Map((first?.clientRatings?.elements ?? []).map((e) => [e.element, e.performance]));
  const changes = (last?.clientRatings?.elements ?? []).map(
    (e) =>
      `<tr><td>${esc(e.element)}</td><td>${score(before.get(e.element))}</td><td>${score(e.performance)}</td>` +
      `<td>${score(e.target)}</td></tr>`,
  );
  const owner = (a: PlanAction) =>
    audience === 'joint' ? (a.ownerSide === 'ours' ? 'us' : 'you') : `${esc(a.ownerName)} (${a.ownerSide})`;
  const rows = plan.actions.map(
    (a) =>
      `<tr><td>${esc(a.title)}</td><td>${esc(a.element ?? a.irritant ?? '–')}</td><td>${owner(a)}</td>` +
      `<td>${a.dueOn}</td><td>${STATUS[a.status]}${audience === 'internal' && a.visibility === 'internal' ? ', internal' : ''}</td></tr>`,
  );
  return `<h2>${audience === 'joint' ? 'Our joint action plan' : 'Action plan'}</h2>
${audience === 'internal' && plan.measures !== undefined ? `<p>${esc(actionMeasuresText(plan.measures ?? null))}.</p>` : ''}
${
  changes.length
    ? `<table><thead><tr><th>Element</th><th>Performance then</th><th>Performance now</th><th>Target</th></tr></thead>
<tbody>
${changes.join('\n')}
</tbody></table>`
    : '<p>No client ratings in this period to compare.</p>'
}
${
  rows.length
    ? `<p>The actions as they stand${plan.asOf ? ` on ${plan.asOf}` : ''}.</p>
<table><thead><tr><th>Action</th><th>For</th><th>Owner</th><th>Due</th><th>Status</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`
    : '<p>No actions yet.</p>'
}`;
}
