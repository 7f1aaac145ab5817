/**
 * A round's close is two steps: mark it closed (one replica wins), then publish its results (irritants, the joint
 * and internal posts, the Salesforce aggregates). A closer that stops in between must not leave a closed round with
 * no results, and publishing again must add nothing twice (DOMAIN.md: nothing lost or counted twice by a retry).
 * Against the Bot Connector stand-in (see ratings-world).
 */
import { PINNED_AT } from '../support/test-clock.ts';
import { beforeEach, describe, expect, it } from 'vitest';
import { RESPONSIVENESS, useRatingsWorld } from '../support/ratings-world.ts';
import { PUBLISH_GRACE_MS } from '../../src/features/ratings/rating-rounds.ts';
import { ratingsStore } from '../../src/adapters/store/ratings-store.ts';

// Each test has a world of its own with both channels linked.
const w = useRatingsWorld({ perTest: true });
const { t, rate, drain, linkBoth } = w;

beforeEach(() => linkBoth());

describe('A rating round whose closer stopped midway (clock at 4 Nov 2026, 10:00 UTC)', () => {
  const rounds = w.roundsAt;
  const counts = async () => ({
    shared: t.bot.teams.sentTo(w.shared.id).length,
    internal: t.bot.teams.sentTo(w.internal.id).length,
    outbox: (await t.tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox'))[0]!.n,
    irritants: (await t.tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM irritants'))[0]!.n,
  });

  /** A round opened at PINNED_AT in which c1, c2 and c3 rate and comment, its cards delivered. */
  async function openAndRate() {
    const opened = await rounds(new Date(PINNED_AT)).open(w.northwind, 'test');
    for (const c of ['c1', 'c2', 'c3'])
      await rate(c, w.shared, [[RESPONSIVENESS, 2, 5]], {
        comment: 'Slow answers',
        commentElementId: w.el(RESPONSIVENESS),
      });
    await drain();
    return opened;
  }

  it('When the round was marked closed and nothing published, then the tick publishes its results once, after a grace period', async () => {
    const opened = await openAndRate();
    const before = await counts();
    // The crash: the first half of a close ran (the round is closed), the second half never did.
    expect(await ratingsStore(t.tdb.db).closeRound(opened.roundId, new Date(PINNED_AT))).toBe(true);
    const closedAt = new Date(PINNED_AT);
    // Within the grace period a live closer may still be publishing: the tick leaves it.
    expect(await rounds(new Date(closedAt.getTime() + 1000)).tick()).toMatchObject({ closed: 0 });
    expect(await rounds(new Date(closedAt.getTime() + PUBLISH_GRACE_MS + 1000)).tick()).toMatchObject({ closed: 1 });
    await drain();
    const after = await counts();
    expect(after.shared).toBe(before.shared + 1);
    expect(after.internal).toBe(before.internal + 1);
    expect(after.irritants).toBe(before.irritants + 1);
    const joint = JSON.stringify(t.bot.teams.sentTo(w.shared.id).at(-1)!.activity.attachments);
    expect(joint).toContain('3 raters');
    // Published: the next tick has nothing to finish.
    expect(await rounds(new Date(closedAt.getTime() + PUBLISH_GRACE_MS + 2000)).tick()).toMatchObject({ closed: 0 });
  });

  it('When the closer stopped after publishing but before recording it, then publishing again adds nothing twice', async () => {
    // A round closed and published as a closer that did not stop leaves it.
    await openAndRate();
    await rounds(new Date(PINNED_AT)).close(w.northwind);
    await drain();
    const [round] = await t.tdb.db.query<{ id: string }>(
      'SELECT id FROM rating_rounds WHERE closed_at IS NOT NULL ORDER BY closed_at DESC LIMIT 1',
    );
    const before = await counts();
    await t.tdb.db.query('UPDATE rating_rounds SET results_at = NULL WHERE id = $1', [round!.id]);
    expect(await rounds(new Date(Date.parse(PINNED_AT) + PUBLISH_GRACE_MS + 1000)).tick()).toMatchObject({ closed: 1 });
    await drain();
    expect(await counts()).toEqual(before);
  });

  it('When one round cannot be published, then the tick logs it, goes on with the rest of the cadence, and tries again next time', async () => {
    // A closed round without results whose publishing fails on every try: the database refuses to record it
    // (a trigger, as a broken row or a full disk would).
    await t.tdb.db.exec(`
      CREATE FUNCTION refuse_round_gone() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = 'round-gone' AND NEW.results_at IS NOT NULL THEN RAISE EXCEPTION 'injected: cannot record'; END IF;
      RETURN NEW; END $$;
      CREATE TRIGGER refuse_round_gone BEFORE UPDATE ON rating_rounds FOR EACH ROW EXECUTE FUNCTION refuse_round_gone();`);
    await t.tdb.db.query(
      `INSERT INTO rating_rounds (id, account_id, opened_by, opened_at, closes_at, closed_at)
       VALUES ('round-gone', '001GONE000000AAA', 'test', $1::timestamptz - interval '20 days',
               $1::timestamptz - interval '6 days', $1::timestamptz - interval '6 days')`,
      [PINNED_AT],
    );
    const due = await rounds(new Date(PINNED_AT)).open(w.northwind, 'test');
    // Past the new round's close (14 days): it is due.
    const tick = await rounds(new Date(Date.parse(PINNED_AT) + 15 * 86_400_000)).tick();
    // The due round still closed, though the broken one came first.
    expect(tick.closed).toBeGreaterThanOrEqual(1);
    const [row] = await t.tdb.db.query<{ closed: boolean }>(
      'SELECT closed_at IS NOT NULL AS closed FROM rating_rounds WHERE id = $1',
      [due.roundId],
    );
    expect(row!.closed).toBe(true);
    expect(
      await ratingsStore(t.tdb.db).unpublishedRounds(
        new Date(Date.parse(PINNED_AT) + PUBLISH_GRACE_MS + 1000),
        PUBLISH_GRACE_MS,
      ),
    ).toContainEqual(expect.objectContaining({ id: 'round-gone' }));
  });
});
