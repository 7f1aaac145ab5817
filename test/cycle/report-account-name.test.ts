/**
 * `npm run report -- --account ...` takes the key account's name (any case, or a unique part of it) as well as its
 * Salesforce id, so nobody has to look an id up; what it cannot resolve is answered with the accounts it could mean.
 */
import { describe, expect, it } from 'vitest';
import { buildReviewPack } from '../../src/features/reports/build-review-pack.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';
import { useCycleWorld } from '../support/cycle-world.ts';

const w = useCycleWorld();
const pack = (account: string, from = '2026-09', to = '2026-10') =>
  buildReviewPack(
    { db: w.t.tdb.db, scoringSettings: DEFAULT_SCORING_SETTINGS, now: w.t.bot.clock.now },
    account,
    from,
    to,
  );

describe('Naming the account of a review pack (clock at 4 Nov 2026)', () => {
  it('When the account is given by name, any case, a unique part of it or its id, then it is that account', async () => {
    for (const named of ['Northwind Logistics', 'northwind logistics', 'NORTHW', (await w.northwindId()).slice(0, 15)])
      expect((await pack(named)).accountName, named).toBe('Northwind Logistics');
  });

  it('When the name matches several key accounts or none, then nothing is built and the answer lists them', async () => {
    await expect(pack('o')).rejects.toThrow(/^"o" matches (many|\d+) key accounts: .*Northwind Logistics.*Give more/);
    await expect(pack('Nowhere Ltd')).rejects.toThrow(
      /^No key account is named "Nowhere Ltd"\. Key accounts: .*Northwind/,
    );
    // LIKE's wildcards are text here: "%" is no account's name, not every account.
    await expect(pack('%')).rejects.toThrow(/^No key account is named "%"/);
    // A Markdown link typed as the name is echoed as plain text, not as a link.
    const link = await pack('[Contoso](https://evil.example)').catch((e: Error) => e.message);
    expect(link).toMatch(/^No key account is named "Contoso/);
    expect(link).not.toContain('](');
  });

  it('When the span is longer than 24 months, then nothing is built and the answer says the limit; 24 are built', async () => {
    await expect(pack('Northwind Logistics', '2024-10', '2026-10')).rejects.toThrow(
      /^A review pack covers at most 24 months$/,
    );
    const built = await pack('Northwind Logistics', '2024-11', '2026-10');
    expect(built.html).toContain('November 2024 to October 2026');
  });
});
