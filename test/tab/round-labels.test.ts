import { describe, expect, it } from 'vitest';
import { roundLabels } from '../../src/features/tab/round-labels.ts';

describe('Round labels in the tab', () => {
  it('When two rounds closed in the same month, then those two are labelled by day and the others by month', () => {
    const at = (iso: string) => new Date(`${iso}T09:00:00Z`);
    expect(roundLabels([at('2026-08-14'), at('2026-11-02'), at('2026-11-20')])).toEqual([
      '2026-08',
      '2026-11-02',
      '2026-11-20',
    ]);
    expect(roundLabels([])).toEqual([]);
  });
});
