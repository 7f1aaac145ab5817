import { describe, expect, it } from 'vitest';
import { fitLabel, shownYears } from '../../web/tab/chart-labels.ts';

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

  it('When twelve months share a 360-px phone chart labelled every other month, then the first keeps its whole year', () => {
    // 360 px less the y axis (44) and the page's padding: about 21 px a month, and uPlot labels every second one.
    const share = (296 / 12) * 2;
    expect(fitLabel('Dec\n2025', share)).toBe('Dec\n2025');
    expect(fitLabel('Strategic alignment\n2025', share)).toBe('Strat…\n2025');
  });

  it('When every other month is labelled, then the year shows on the first label and wherever it changes, even past a skipped January', () => {
    expect(shownYears(['Dec\n2025', 'Feb\n2026', 'Apr\n2026', 'Jun\n2026'])).toEqual([
      'Dec\n2025',
      'Feb\n2026',
      'Apr',
      'Jun',
    ]);
    expect(shownYears(['Nov\n2025', 'Dec\n2025', 'Jan\n2026', 'Feb\n2026'])).toEqual([
      'Nov\n2025',
      'Dec',
      'Jan\n2026',
      'Feb',
    ]);
    // Element names have no year line: they are left as they are.
    expect(shownYears(['Strategic alignment', 'Cost and efficiency'])).toEqual([
      'Strategic alignment',
      'Cost and efficiency',
    ]);
  });
});
