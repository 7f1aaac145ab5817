import type { JointView, NoOpenRound, TabPlanView, TabRatingView } from '../../src/features/tab/tab-views.ts';
import { actionPlanSection, type AddAction } from './action-plan.ts';
import { categoryChart } from './charts.ts';
import { axisMonthLabels, h, hours, monthLabel } from './dom.ts';
import { ratingSection, type SaveRating } from './rating-form.ts';
import { formatScore } from '../../src/core/domain/round1.ts';
import { clientElementLine } from '../../src/core/scoring/element-line.ts';

const BALL: Record<string, string> = { us: 'Us', client: 'The client', joint: 'Joint', nobody: 'Nobody' };

/** A part of the view the viewer may not use here, with the server's reason. */
const refusedSection = (id: string, title: string, reason: string) =>
  h('section', { 'aria-labelledby': id }, h('h2', { id }, title), h('p', { role: 'note' }, reason));

/**
 * The shared channel's joint view: the client-safe scorecard only (what both teams may see), and while a round is
 * open the viewer's own rating form (`rating` null when the viewer may not rate here: the reason is shown).
 */
export function renderJoint(
  root: HTMLElement,
  view: JointView,
  rating: { form: TabRatingView | NoOpenRound; save: SaveRating } | { refused: string },
  plan: { view: TabPlanView; add: AddAction } | { refused: string },
): void {
  const s = view.scorecard;
  const chartBox = h('div', {});
  root.replaceChildren(
    h('h1', {}, `${s.accountName}: joint scorecard`),
    h('p', {}, `${monthLabel(s.period)}: ${s.verdictText}.`),
    h(
      'section',
      { 'aria-label': 'Client man-hours' },
      h('h2', {}, 'Client man-hours'),
      h(
        'p',
        { className: 'muted' },
        'Hours your people invested with us in meetings, by month. A gap is a month without data, not zero.',
      ),
      chartBox,
    ),
    h(
      'section',
      { 'aria-label': 'Breadth of contact' },
      h('h2', {}, 'Breadth of contact'),
      h(
        'p',
        {},
        `${s.peopleMet} ${s.peopleMet === 1 ? 'person' : 'people'} met; levels reached: ` +
          `${s.levelsReached.length ? s.levelsReached.join(', ') : 'none recorded'}.`,
      ),
      s.ballWith ? h('p', {}, `Who has the ball: ${BALL[s.ballWith]}.`) : '',
    ),
    h(
      'section',
      { 'aria-label': 'Key activities' },
      h('h2', {}, 'Key activities'),
      s.keyActivities.length
        ? h(
            'ol',
            { className: 'timeline' },
            ...s.keyActivities.map((a) => h('li', {}, h('time', { datetime: a.date }, a.date), ` ${a.title}`)),
          )
        : h('p', {}, 'No key activities this month.'),
    ),
    h(
      'section',
      { 'aria-label': 'Your ratings' },
      h('h2', {}, 'Your ratings'),
      s.clientRatings
        ? h(
            'div',
            {},
            h('p', {}, `Performance index: ${s.clientRatings.performanceIndex ?? '–'} of 100.`),
            s.clientRatings.round ? h('p', { className: 'muted' }, s.clientRatings.round.text) : '',
            s.clientRatings.elements.length
              ? h(
                  'div',
                  {},
                  h('h3', {}, 'Each element, against the target we agreed'),
                  h('ul', {}, ...s.clientRatings.elements.map((e) => h('li', {}, clientElementLine(e)))),
                  h('h3', {}, 'Priorities for action'),
                )
              : '',
            h(
              'ul',
              {},
              ...s.clientRatings.priorities.map((p) =>
                h(
                  'li',
                  {},
                  `${p.element}: importance ${formatScore(p.importance)}, performance ${formatScore(p.performance)}`,
                ),
              ),
            ),
          )
        : h('p', {}, 'No client ratings to show yet (a closed round with enough client raters).'),
    ),
    'refused' in rating
      ? refusedSection('rating-heading', 'Rating', rating.refused)
      : ratingSection(rating.form, rating.save),
    'refused' in plan
      ? refusedSection('plan-heading', 'Our joint action plan', plan.refused)
      : actionPlanSection(plan.view, plan.add),
  );
  categoryChart(
    chartBox,
    'bars',
    axisMonthLabels(s.trend.map((t) => t.period)),
    [{ label: 'Client man-hours', color: 'series-client', values: s.trend.map((t) => t.hours) }],
    `Client man-hours by month: ${s.trend.map((t) => `${monthLabel(t.period, 'short')} ${t.hours === null ? 'no data' : hours(t.hours)}`).join(', ')}.`,
  );
}
