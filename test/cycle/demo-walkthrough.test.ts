/**
 * The README's first walk through the check-in, on the demo history `npm start` adds: Dana's own last month is hers
 * to answer (no demo return already there), and her first save of Northwind shows whether the relationship is
 * developing against the month before, which the history answered.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoHistory } from '../../src/app/demo/seed-demo-history.ts';
import { returnsStore } from '../../src/adapters/store/returns-store.ts';
import { addMonths } from '../../src/core/domain/period.ts';
import { useCycleWorld } from '../support/cycle-world.ts';

const w = useCycleWorld();
const { t, period } = w;

beforeAll(async () => {
  expect(await seedDemoHistory(t.tdb.db, t.bot.clock.now(), false)).toBeGreaterThan(20);
  await w.openCycleForAll();
});

describe("The README's check-in walk on the demo history (clock at 4 Nov 2026)", () => {
  it("When Dana opens last month's card, then none of her accounts is answered yet; saving Northwind shows the verdict against the month before", async () => {
    const card = JSON.stringify(w.cardOf('dana'));
    expect(card).toContain('Northwind Logistics');
    expect(card).not.toMatch(/answered|submitted/i);
    const northwind = await w.northwindId();
    expect(await returnsStore(t.tdb.db).getReturn(addMonths(period, -1), northwind)).toMatchObject({
      status: 'submitted',
    });

    const { saved } = await w.saveNorthwind();
    const text = JSON.stringify(saved.value);
    expect(text).toMatch(/ h, (up|down) from [\d.]+: (developing|not developing)|: stalled/);
    expect(text).not.toContain('no return for last month to compare');
  });

  it('When the demo history is added, then the other account managers have last month answered for the tab', async () => {
    const others = await t.tdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM monthly_returns r JOIN sf_users u ON u.id = r.am_sf_user_id
        WHERE r.period = $1 AND r.status = 'submitted' AND u.email <> 'dana.whitfield@pulse-demo.example'`,
      [period],
    );
    expect(others[0]!.n).toBeGreaterThan(0);
  });
});
