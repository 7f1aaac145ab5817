import type { NoOpenRound, TabRatingView } from '../../src/features/tab/tab-views.ts';
import { h } from './dom.ts';

/** Saves the form's answers through the tab API; resolves to the saved form, rejects with the server's sentence. */
export type SaveRating = (body: unknown) => Promise<TabRatingView>;

const SCALES = [
  { key: 'performance', label: 'Performance', hint: '1 poor, 5 excellent' },
  { key: 'importance', label: 'Importance', hint: '1 unimportant, 5 critical' },
] as const;

const closes = (iso: string) =>
  new Date(iso).toLocaleDateString(document.documentElement.lang || 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });

function scale(element: TabRatingView['elements'][number], s: (typeof SCALES)[number], value: number | undefined) {
  const name = `${s.key}-${element.id}`;
  return h(
    'fieldset',
    { className: 'scale' },
    h('legend', {}, `${s.label} `, h('span', { className: 'muted' }, `(${s.hint})`)),
    ...[1, 2, 3, 4, 5].map((n) => {
      const id = `${name}-${n}`;
      return h(
        'span',
        { className: 'choice' },
        h('input', { type: 'radio', id, name, value: n, checked: value === n, 'data-element': element.id }),
        h('label', { for: id }, String(n)),
      );
    }),
  );
}

/** Reads the form into the rating request: elements with both scores, the irritant if one was written. */
function readForm(form: HTMLFormElement, view: TabRatingView): { body?: unknown; problem?: string } {
  const data = new FormData(form);
  const answers = [];
  for (const e of view.elements) {
    const performance = data.get(`performance-${e.id}`);
    const importance = data.get(`importance-${e.id}`);
    if (!performance && !importance) continue;
    if (!performance || !importance) return { problem: `Give ${e.name} both a performance and an importance.` };
    answers.push({ elementId: e.id, performance: Number(performance), importance: Number(importance) });
  }
  if (!answers.length) return { problem: 'Rate at least one element: choose its performance and its importance.' };
  const comment = String(data.get('comment') ?? '').trim();
  return {
    body: {
      roundId: view.round.id,
      answers,
      comment: comment || null,
      commentElementId: comment && data.get('commentElementId') ? String(data.get('commentElementId')) : null,
    },
  };
}

/** "You said, we did": what was done since the last round, by element, above the form (nothing when none). */
function youSaidWeDid(done: TabRatingView['done']): HTMLElement[] {
  if (!done.length) return [];
  return [
    h(
      'section',
      { className: 'done', 'aria-labelledby': 'done-heading' },
      h('h3', { id: 'done-heading' }, 'You said, we did: since the last round'),
      ...done.map((g) => h('div', {}, h('h4', {}, g.element), h('ul', {}, ...g.lines.map((l) => h('li', {}, l))))),
    ),
  ];
}

/**
 * The rating form of the shared channel's tab: per element performance and importance (1 to 5) as labelled radio
 * groups, an optional irritant, prefilled with the viewer's own saved answers; saving again replaces them.
 */
export function ratingSection(rating: TabRatingView | NoOpenRound, save: SaveRating, confirmation = ''): HTMLElement {
  if (rating.round === null)
    return h(
      'section',
      { 'aria-labelledby': 'rating-heading' },
      h('h2', { id: 'rating-heading' }, 'Rating'),
      h('p', {}, rating.message),
    );
  const view = rating;
  const saved = new Map((view.saved?.answers ?? []).map((a) => [a.elementId, a]));
  const status = h(
    'p',
    { id: 'rating-status', role: 'status', tabindex: -1, className: confirmation ? 'saved' : '' },
    confirmation,
  );
  const button = h('button', { type: 'submit' }, view.saved ? 'Save my changes' : 'Save my rating');
  const form = h(
    'form',
    { id: 'rating-form', className: 'rating-form', 'aria-describedby': 'rating-about', novalidate: true },
    ...view.elements.map((e) =>
      h(
        'fieldset',
        { className: 'element' },
        h('legend', {}, e.name),
        ...SCALES.map((s) => scale(e, s, saved.get(e.id)?.[s.key])),
      ),
    ),
    h(
      'div',
      { className: 'irritant' },
      h('label', { for: 'rating-comment' }, view.commentLabel),
      h('textarea', { id: 'rating-comment', name: 'comment', maxlength: 1000, rows: 3 }, view.saved?.comment ?? ''),
      h('label', { for: 'rating-comment-element' }, 'It is about'),
      h(
        'select',
        { id: 'rating-comment-element', name: 'commentElementId' },
        // Nothing chosen until the rater chooses: a preselected first element would file the comment under it.
        h('option', { value: '', selected: !view.saved?.commentElementId }, 'Choose what it is about (optional)'),
        ...view.elements.map((e) =>
          h('option', { value: e.id, selected: e.id === view.saved?.commentElementId }, e.name),
        ),
      ),
    ),
    button,
    status,
  ) as HTMLFormElement;
  const section = h(
    'section',
    { 'aria-labelledby': 'rating-heading', className: 'rating' },
    h('h2', { id: 'rating-heading' }, `Rate ${view.accountName}`),
    h(
      'p',
      { id: 'rating-about' },
      `Open until ${closes(view.round.closesAt)}. You rate as ${view.side === 'client' ? 'the client' : 'the account team'}. `,
      `Only you see your answers; results are shared as averages once the round closes, and the client's ` +
        `only with at least ${view.minRaters} client raters. Saving again replaces your answers.`,
    ),
    ...youSaidWeDid(view.done),
    form,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const read = readForm(form, view);
    if (!read.body) {
      status.className = 'problem';
      status.textContent = read.problem ?? '';
      return;
    }
    button.setAttribute('disabled', '');
    status.className = '';
    status.textContent = 'Saving…';
    save(read.body).then(
      (next) => {
        const again = ratingSection(
          next,
          save,
          'Saved. Thank you: your answers are stored, and you can change them until the round closes.',
        );
        section.replaceWith(again);
        again.querySelector<HTMLElement>('#rating-status')?.focus();
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
