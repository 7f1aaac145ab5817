import { describe, expect, it } from 'vitest';
import { addMonths, type Period, periodLabel } from '../../src/core/domain/period.ts';

describe('periodLabel', () => {
  it('When months are named, then each reads as its month and year, also after more months than the labels kept', () => {
    expect(periodLabel('2026-10' as Period)).toBe('October 2026');
    // 300 months from January 2001: more than the 240 labels kept, so some are made again after the memory is cleared.
    const months = Array.from({ length: 300 }, (_, i) => addMonths('2001-01' as Period, i));
    const expected = (p: Period) =>
      new Date(`${p}-01T00:00:00Z`).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    for (const p of [...months, ...months.slice(0, 20)]) expect(periodLabel(p)).toBe(expected(p));
    expect(periodLabel('2025-12' as Period)).toBe('December 2025');
  });
});
