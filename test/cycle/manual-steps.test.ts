/**
 * `npm run cycle` runs a step by hand: about a month once it is over, never one that has not happened. The CLI and
 * the admin route both go through `runStep`.
 */
import { describe, expect, it } from 'vitest';
import { createCycleService } from '../../src/features/cycle/cycle-service.ts';
import type { Period } from '../../src/core/domain/period.ts';
import { useCycleWorld } from '../support/cycle-world.ts';

const w = useCycleWorld();
const service = () => createCycleService({ ...w.deps, orgTimeZone: 'Europe/London' });

describe('Manual cycle steps (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When an operator asks to open a month that has not ended, then nothing is queued and the answer says why', async () => {
    for (const period of ['2027-01', '2026-11'] as Period[]) {
      const s = await service().runStep('open', { period, dryRun: true });
      expect(s).toMatchObject({ step: 'open', period, queued: 0, accountManagers: 0 });
      expect(s.skipped).toBe(
        `${period} has not ended yet: the check-in asks about a month once it is over (the latest now is 2026-10)`,
      );
    }
    expect((await service().runStep('close', { period: '2026-12' as Period })).skipped).toContain('has not ended yet');
  });

  it('When the month that just ended is opened as a dry run, then it says whom it would ask', async () => {
    const s = await service().runStep('open', { dryRun: true });
    expect(s).toMatchObject({ step: 'open', period: '2026-10', dryRun: true });
    expect(s.skipped).toBeUndefined();
    expect(s.accountManagers).toBeGreaterThan(0);
  });
});
