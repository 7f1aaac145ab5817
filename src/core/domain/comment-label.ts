/**
 * The label of the form's comment box, for the card and the tab alike: the account team's comment becomes an irritant
 * on the backlog the client sees too, so its form says so.
 */
export const commentLabelFor = (side: 'client' | 'internal'): string =>
  side === 'internal'
    ? 'Something we should fix? (optional; the client sees it on the irritant backlog, without your name)'
    : 'What irritates you? (optional, shown without your name)';
