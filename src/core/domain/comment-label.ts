/**
 * The label of the form's comment box, for the card and the tab alike: the account team's comment becomes an irritant
 * on the backlog the client sees too, so its form says so.
 */
export const commentLabelFor = (side: 'client' | 'internal'): string =>
  side === 'internal'
    ? 'Something we should fix? (optional; the client sees it on the irritant backlog, without your name)'
    : 'What irritates you? (optional, shown without your name)';

/** The importance question as each side answers it: the client for themselves, the account team for the client. */
export const importanceLabelFor = (side: 'client' | 'internal'): string =>
  side === 'internal' ? 'How important to the client (1 to 5)' : 'How important to you (1 to 5)';
