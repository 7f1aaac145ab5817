/**
 * Teams, or the Bot Connector, may deliver one activity twice (a retry after a slow answer or a dropped connection):
 * the copy has the same id. Every card action, sent again as the very same activity, must answer as the first time
 * and change nothing (DOMAIN.md: nothing is "counted twice because of a retry"). A redelivered `meeting.log` once
 * appended its meeting again (one draft held 1,312). The world is pinned at NOW (see card-verb-cases).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useRatingsWorld } from '../support/ratings-world.ts';
import { changedTables, databaseSnapshot } from '../support/database-snapshot.ts';
import { cardVerbCases, deliverInvoke, invokeOf, type VerbCase } from '../support/card-verb-cases.ts';
import { VERBS } from '../../src/features/cards/verbs.ts';
import { periodOf } from '../../src/core/domain/period.ts';

const NOW = new Date('2026-04-15T09:00:00Z');
const w = useRatingsWorld({ at: NOW.toISOString() });
let cases: VerbCase[] = [];

beforeAll(async () => {
  ({ cases } = await cardVerbCases(w, NOW));
});

describe('A card action delivered twice (clock at 15 Apr 2026, 09:00 UTC)', () => {
  it.each(Object.values(VERBS))(
    'When a %s invoke arrives again with the same activity id, then it answers the same and changes nothing',
    async (verb) => {
      const ofVerb = cases.filter((c) => c.verb === verb);
      expect(ofVerb.length, 'a case of each verb (card-verb-cases.ts)').toBeGreaterThan(0);
      for (const c of ofVerb) {
        const activity = invokeOf(w, c.actor, c.verb, c.data);
        const first = await deliverInvoke(w, activity);
        expect(first.text, c.actor.name).toContain(c.accepted);
        const afterFirst = await databaseSnapshot(w.t.tdb.db);
        const again = await deliverInvoke(w, activity);
        expect(again.text, c.actor.name).toBe(first.text);
        expect(changedTables(afterFirst, await databaseSnapshot(w.t.tdb.db)), c.actor.name).toEqual([]);
      }
    },
  );

  it('When the same meeting is logged again with a new click (another activity), then it is a second meeting', async () => {
    const log = cases.find((c) => c.verb === VERBS.logMeeting)!;
    const count = async () =>
      (
        await w.t.tdb.db.query<{ n: number }>(
          'SELECT jsonb_array_length(meetings) AS n FROM monthly_returns WHERE period = $1 AND account_id = $2',
          [periodOf(NOW), w.northwind],
        )
      )[0]?.n ?? 0;
    const before = await count();
    for (let click = 0; click < 2; click++)
      expect((await deliverInvoke(w, invokeOf(w, log.actor, log.verb, log.data))).text).toContain(log.accepted);
    expect(await count()).toBe(before + 2);
  });
});
