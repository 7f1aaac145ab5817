import type { PortfolioRow, PortfolioView } from '../../src/features/tab/tab-views.ts';
import { h, hours, money, monthLabel } from './dom.ts';

type Column = { key: keyof PortfolioRow; label: string; numeric: boolean; show: (r: PortfolioRow) => string };

const STATUS_ORDER = ['at risk', 'stalled', 'not developing', 'no data', 'developing'];

const COLUMNS: Column[] = [
  { key: 'accountName', label: 'Account', numeric: false, show: (r) => r.accountName },
  { key: 'status', label: 'Status', numeric: false, show: (r) => r.status },
  {
    key: 'clientHoursChange',
    label: 'Client man-hours change',
    numeric: true,
    show: (r) =>
      r.clientHoursChange === null ? '–' : `${r.clientHoursChange > 0 ? '+' : ''}${r.clientHoursChange.toFixed(1)}`,
  },
  {
    key: 'perceptionGap',
    label: 'Perception gap',
    numeric: true,
    show: (r) => (r.perceptionGap === null ? '–' : r.perceptionGap.toFixed(1)),
  },
  {
    key: 'revenueAtStake',
    label: 'Customer asset value',
    numeric: true,
    show: (r) => money(r.revenueAtStake, r.currency),
  },
  {
    key: 'lastReturn',
    label: 'Last return',
    numeric: false,
    show: (r) => (r.lastReturn ? monthLabel(r.lastReturn, 'short') : 'none'),
  },
  {
    key: 'overdueActions',
    label: 'Overdue actions at month end',
    numeric: true,
    show: (r) => (r.overdueActions === null ? 'no plan' : String(r.overdueActions)),
  },
  {
    key: 'responseRate',
    label: 'Client response rate, last round',
    numeric: true,
    show: (r) => (r.responseRate === null ? 'no data' : `${r.responseRate}%`),
  },
];

function compare(key: keyof PortfolioRow, a: PortfolioRow, b: PortfolioRow): number {
  if (key === 'status') return STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status);
  const x = a[key];
  const y = b[key];
  if (x === null) return y === null ? 0 : 1;
  if (y === null) return -1;
  return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
}

/** "My accounts": a table sortable by every column (buttons in the headers, so the keyboard sorts too). */
export function renderPortfolio(root: HTMLElement, view: PortfolioView, accountHref: (id: string) => string): void {
  let sort: { key: keyof PortfolioRow; dir: 1 | -1 } = { key: 'status', dir: 1 };
  const table = h('table', { className: 'portfolio' });
  const draw = () => {
    const rows = [...view.rows].sort(
      (a, b) => sort.dir * compare(sort.key, a, b) || a.accountName.localeCompare(b.accountName),
    );
    table.replaceChildren(
      h(
        'caption',
        {},
        `${view.rows.length} key account${view.rows.length === 1 ? '' : 's'}, ${monthLabel(view.period)}`,
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...COLUMNS.map((c) =>
            h(
              'th',
              {
                scope: 'col',
                'aria-sort': sort.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none',
                className: c.numeric ? 'num' : '',
              },
              h(
                'button',
                {
                  type: 'button',
                  onclick: () => {
                    sort = { key: c.key, dir: sort.key === c.key ? (sort.dir === 1 ? -1 : 1) : 1 };
                    draw();
                    (table.querySelector(`[data-sort="${c.key}"]`) as HTMLButtonElement | null)?.focus();
                  },
                  'data-sort': c.key,
                },
                c.label,
              ),
            ),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...rows.map((r) =>
          h(
            'tr',
            {},
            h(
              'th',
              { scope: 'row' },
              h('a', { href: accountHref(r.accountId) }, r.accountName),
              r.ownerName ? h('span', { className: 'muted' }, ` ${r.ownerName}`) : null,
            ),
            h('td', {}, h('span', { className: `status status-${r.status.replace(/ /g, '-')}` }, r.status)),
            ...COLUMNS.slice(2).map((c) => h('td', { className: c.numeric ? 'num' : '' }, c.show(r))),
          ),
        ),
      ),
    );
  };
  draw();
  root.replaceChildren(
    h('h1', {}, 'My accounts'),
    h(
      'p',
      { className: 'muted' },
      `Signed in as ${view.viewerName}. Client man-hours are this month's against last month's; a dash is no return, never zero.`,
    ),
    view.rows.length
      ? h('div', { className: 'scroll' }, table)
      : h('p', {}, 'You own no key accounts in Salesforce, and nobody who does reports to you.'),
  );
  void hours;
}
