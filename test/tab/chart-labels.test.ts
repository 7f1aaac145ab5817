import { describe, expect, it } from 'vitest';
import { fitLabel } from '../../web/tab/chart-labels.ts';

describe("The tab's axis labels", () => {
  it('When six element names share a 360-px phone chart, then each is cut to its share and none runs into the next', () => {
    const names = ['Strategic alignment', 'Understanding of our business', 'Cost and efficiency', 'Communication'];
    const share = 300 / 6;
    for (const name of names) {
      const shown = fitLabel(name, share);
      // 7 px a character at 12 px: the label plus a gap fits its share.
      expect(shown.length * 7, shown).toBeLessThan(share);
      expect(name.startsWith(shown.replace('…', '').trimEnd())).toBe(true);
    }
    expect(fitLabel('Oct', share)).toBe('Oct');
    expect(fitLabel('Communication', 900 / 6)).toBe('Communication');
  });
});
