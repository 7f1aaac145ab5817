import type { AccountHistoryView } from '../../src/features/tab/tab-views.ts';
import { actionMeasuresText } from '../../src/core/scoring/action-measures.ts';
import { categoryChart } from './charts.ts';
import { axisMonthLabels, h, hours, monthLabel, roundLabel } from './dom.ts';

const BALL: Record<string, string> = { us: 'Us', client: 'The client', joint: 'Joint', nobody: 'Nobody' };
const IRRITANT_STATUS: Record<string, string> = { open: 'open', in_progress: 'in progress', fixed: 'fixed' };
const ACTION_STATUS: Record<string, string> = {
  proposed: 'proposed to us',
  open: 'open',
  done: 'done',
  dropped: 'dropped',
};

/** The plan's measures in a line, then each action: owner, due date, status; overdue and internal ones marked. */
function actionPlan(plan: AccountHistoryView['actionPlan']): HTMLElement[] {
  if (!plan.actions.length)
    return [h('p', {}, "No actions yet. Add one in the account's channel with @Partnership Pulse actions add.")];
  return [
    h('p', { className: 'muted' }, `As of ${plan.asOf}: ${actionMeasuresText(plan.measures)}.`),
    h(
      'ul',
      {},
      ...plan.actions.map((a) =>
        h(
          'li',
          { className: a.overdue ? 'overdue' : '' },
          h('strong', {}, a.title),
          `${a.element ? ` (${a.element})` : ''}: ${a.ownerName} (${a.ownerSide === 'ours' ? 'ours' : 'client'}), ` +
            `due ${a.dueOn}, ${ACTION_STATUS[a.status]}${a.overdue ? ', overdue' : ''}` +
            `${a.visibility === 'internal' ? ', internal' : ''}`,
        ),
      ),
    ),
  ];
}

function section(title: string, ...children: (Node | string | null)[]) {
  return h('section', { 'aria-label': title }, h('h2', {}, title), ...children);
}

function monthsTable(view: AccountHistoryView) {
  return h(
    'details',
    {},
    h('summary', {}, 'The numbers by month'),
    h(
      'div',
      { className: 'scroll' },
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Month', 'Return', 'Client man-hours', 'Our hours', 'Developing', 'People met', 'Levels'].map((t) =>
              h('th', { scope: 'col' }, t),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          ...view.months.map((m) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, monthLabel(m.period, 'short')),
              h('td', {}, m.returnStatus === 'none' ? 'no return' : m.returnStatus),
              h('td', { className: 'num' }, hours(m.clientManHours)),
              h('td', { className: 'num' }, hours(m.ourManHours)),
              h('td', {}, m.developing === null ? '–' : m.developing ? 'yes' : 'no'),
              h('td', { className: 'num' }, String(m.peopleMet)),
              h('td', { className: 'num' }, String(m.levelsReached)),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The internal account view: twelve months of client man-hours beside ours, breadth, ratings, activities, stage. */
export function renderAccount(root: HTMLElement, view: AccountHistoryView, backHref: string | null): void {
  const labels = axisMonthLabels(view.months.map((m) => m.period));
  const gaps = view.months.filter((m) => m.clientManHours === null).length;
  const hoursBox = h('div', {});
  const breadthBox = h('div', {});
  const ratingsBox = h('div', {});
  root.replaceChildren(
    backHref ? h('p', {}, h('a', { href: backHref }, '← My accounts')) : '',
    h('h1', {}, view.accountName),
    h(
      'p',
      {},
      h('span', { className: `status status-${view.status.replace(/ /g, '-')}` }, view.status),
      ` ${monthLabel(view.period)}: ${view.verdictText}.`,
      view.ownerName ? ` Account manager: ${view.ownerName}.` : '',
      view.ballWith ? ` The ball is with: ${BALL[view.ballWith]}.` : '',
    ),
    view.salesforceUrl
      ? h(
          'p',
          {},
          h(
            'a',
            { href: view.salesforceUrl, target: '_blank', rel: 'noopener noreferrer' },
            'Open the account in Salesforce',
          ),
        )
      : h('p', { className: 'muted' }, 'Demo org: there is no Salesforce record to open.'),
    section(
      'Client man-hours per month',
      h(
        'p',
        { className: 'muted' },
        `Last 12 months. Months without a return are gaps, not zero (${gaps} here). Dots mark developing months.`,
      ),
      hoursBox,
      monthsTable(view),
    ),
    section(
      'Breadth of contact',
      h(
        'p',
        { className: 'muted' },
        "Distinct client people and levels in the month's Salesforce meetings (those the return kept, when there " +
          'is one), as on the scorecard.',
      ),
      breadthBox,
    ),
    section('Ratings across rounds', ratingsBox),
    section(
      'Key activities',
      view.keyActivities.length
        ? h(
            'ol',
            { className: 'timeline' },
            ...view.keyActivities.map((a) =>
              h(
                'li',
                {},
                h('time', { datetime: a.date }, a.date),
                ` ${a.title} `,
                h('span', { className: 'muted' }, `(${a.type.replace(/_/g, ' ')})`),
              ),
            ),
          )
        : h('p', {}, 'No key activities reported in the last 12 months.'),
    ),
    section(
      'Irritants',
      view.irritants.length
        ? h(
            'ul',
            {},
            ...view.irritants.map((i) =>
              h(
                'li',
                {},
                h('strong', {}, i.title),
                `${i.element ? ` (${i.element})` : ''}: ${IRRITANT_STATUS[i.status]}, raised by ${i.raisedBy === 'client' ? 'the client' : 'the account team'}`,
              ),
            ),
          )
        : h('p', {}, 'No irritants raised yet.'),
    ),
    section('Action plan', ...actionPlan(view.actionPlan)),
    section(
      'Relationship stage',
      h('p', {}, view.stage.label),
      h('ul', {}, ...view.stage.evidence.map((e) => h('li', {}, e))),
    ),
  );
  categoryChart(
    hoursBox,
    'bars',
    labels,
    [
      {
        label: 'Client man-hours',
        color: 'series-client',
        values: view.months.map((m) => m.clientManHours),
        align: -1,
      },
      { label: 'Our hours', color: 'series-ours', values: view.months.map((m) => m.ourManHours), align: 1 },
      {
        label: 'Developing',
        color: 'series-developing',
        values: view.months.map((m) => (m.developing ? m.clientManHours : null)),
        pointsOnly: true,
      },
    ],
    `Client man-hours per month for ${view.accountName}, last 12 months: ` +
      `${view.months.map((m) => `${monthLabel(m.period, 'short')} ${m.clientManHours === null ? 'no return' : hours(m.clientManHours)}`).join(', ')}.`,
  );
  categoryChart(
    breadthBox,
    'line',
    labels,
    [
      { label: 'People met', color: 'series-client', values: view.months.map((m) => m.peopleMet) },
      { label: 'Levels reached', color: 'series-ours', values: view.months.map((m) => m.levelsReached) },
    ],
    `Distinct client people met per month: ${view.months.map((m) => `${monthLabel(m.period, 'short')} ${m.peopleMet}`).join(', ')}.`,
  );
  const latest = view.ratingRounds.at(-1);
  if (latest?.elements.length)
    categoryChart(
      ratingsBox,
      'bars',
      latest.elements.map((e) => e.element),
      [
        { label: 'Client', color: 'series-client', values: latest.elements.map((e) => e.client), align: -1 },
        { label: 'Internal', color: 'series-ours', values: latest.elements.map((e) => e.internal), align: 1 },
      ],
      `Performance per element, client against internal: ` +
        `${latest.elements.map((e) => `${e.element} client ${e.client}, internal ${e.internal}, gap ${e.gap}`).join('; ')}.`,
    );
  else
    ratingsBox.append(
      h('p', {}, 'No rating round yet: client and internal ratings appear here after the first round closes.'),
    );
  if (view.ratingRounds.length) ratingsBox.append(gapsTable(view));
}

/** The perception gap (internal minus client) per element in every closed round, oldest first. */
function gapsTable(view: AccountHistoryView) {
  const rounds = view.ratingRounds;
  const elements = [...new Set(rounds.flatMap((r) => r.elements.map((e) => e.element)))];
  const signed = (n: number) => `${n > 0 ? '+' : ''}${n}`;
  return h(
    'div',
    { className: 'scroll' },
    h(
      'table',
      {},
      h(
        'caption',
        {},
        'Perception gap per round (internal minus client; a large positive gap is the warning sign), and the ' +
          "client's performance against the target both sides agreed",
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Element'),
          ...rounds.map((r) => h('th', { scope: 'col' }, roundLabel(r.round))),
        ),
      ),
      h(
        'tbody',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, 'Client members who rated'),
          ...rounds.map((r) =>
            h(
              'td',
              {},
              r.responseRate.members === null
                ? `${r.responseRate.rated} (members not read)`
                : `${r.responseRate.rated} of ${r.responseRate.members}` +
                    `${r.responseRate.percent === null ? '' : ` (${r.responseRate.percent}%)`}`,
            ),
          ),
        ),
        ...elements.map((name) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, name),
            ...rounds.map((r) => {
              const e = r.elements.find((x) => x.element === name);
              const target = e?.target === null || e?.target === undefined ? '' : `, target ${e.target}`;
              return h('td', {}, e ? `${signed(e.gap)} (client ${e.client}${target}, ours ${e.internal})` : '–');
            }),
          ),
        ),
      ),
    ),
  );
}
