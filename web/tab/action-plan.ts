import type { TabPlanView } from '../../src/features/tab/tab-views.ts';
import { h } from './dom.ts';

/** Adds an action through the tab API; resolves to the plan again, rejects with the server's sentence. */
export type AddAction = (body: unknown) => Promise<TabPlanView>;

const STATUS = { proposed: 'proposed', open: 'open', done: 'done', dropped: 'dropped' } as const;

/** One field: a label above its control (the control carries the id the label names). */
const field = (id: string, label: string, control: HTMLElement) =>
  h('div', { className: 'field' }, h('label', { for: id }, label), control);

const options = (choices: readonly { value: string; title: string }[], placeholder: string) => [
  // Nothing chosen until the person chooses: a preselected first owner would give the action to someone by accident.
  h('option', { value: '', selected: true }, placeholder),
  ...choices.map((c) => h('option', { value: c.value }, c.title)),
];

/**
 * The shared channel's action plan in the tab (issue 27): the joint actions, numbered as the bot's commands
 * take them, and the form to add one, with the same choices as the bot's card (owners from the channel's roster,
 * never typed; dates from today to a year ahead). Each form carries a key of its own, so a second send of the same
 * form adds nothing.
 */
export function actionPlanSection(view: TabPlanView, add: AddAction): HTMLElement {
  const f = view.form;
  const status = h(
    'p',
    { id: 'action-status', role: 'status', tabindex: -1, className: view.result ? 'saved' : '' },
    view.result ?? '',
  );
  const button = h('button', { type: 'submit' }, 'Add the action');
  const form = h(
    'form',
    { id: 'action-form', className: 'rating-form action-form', 'aria-labelledby': 'action-form-heading' },
    h('h3', { id: 'action-form-heading' }, 'Add an action'),
    field(
      'action-about',
      'What it answers',
      h(
        'select',
        { id: 'action-about', name: 'about' },
        ...options(f.about, 'Choose an element or an irritant (optional)'),
      ),
    ),
    field(
      'action-title',
      'What will be done',
      h('input', { id: 'action-title', name: 'title', type: 'text', maxlength: 200, required: true }),
    ),
    field(
      'action-owner',
      'Owner',
      h('select', { id: 'action-owner', name: 'owner', required: true }, ...options(f.owners, 'Choose who owns it')),
    ),
    field(
      'action-due',
      'Due date',
      h('input', { id: 'action-due', name: 'due', type: 'date', min: f.minDate, max: f.maxDate, required: true }),
    ),
    button,
    status,
  ) as HTMLFormElement;
  // One key per form shown: a retry or a second click of this form adds the action once.
  const key = crypto.randomUUID();
  const section = h(
    'section',
    { 'aria-labelledby': 'plan-heading', className: 'plan' },
    h('h2', { id: 'plan-heading' }, 'Our joint action plan'),
    view.actions.length
      ? h(
          'ol',
          {},
          ...view.actions.map((a) =>
            h(
              'li',
              {},
              `${a.title}${a.element ? ` (${a.element})` : ''}: ${a.ownerName} (${a.side}), due ${a.dueOn}, ` +
                `${STATUS[a.status]}${a.overdue ? ', overdue' : ''}${a.internal ? ', internal' : ''}`,
            ),
          ),
        )
      : h('p', {}, 'No actions yet.'),
    h(
      'p',
      { className: 'muted' },
      "Each side adds its own actions; the client's people may also propose one of ours, which the account team " +
        'accepts or declines.',
    ),
    form,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body: Record<string, string> = {};
    // Joint always: the shared channel's tab is where the page shows this form.
    body.visibility = 'joint';
    for (const name of ['about', 'title', 'owner', 'due'])
      if (data.get(name) !== null) body[name] = String(data.get(name));
    button.setAttribute('disabled', '');
    status.className = '';
    status.textContent = 'Adding…';
    add({ ...body, key }).then(
      (next) => {
        const again = actionPlanSection(next, add);
        section.replaceWith(again);
        again.querySelector<HTMLElement>('#action-status')?.focus();
      },
      (error: Error) => {
        button.removeAttribute('disabled');
        status.className = 'problem';
        status.textContent = error.message;
      },
    );
  });
  return section;
}
