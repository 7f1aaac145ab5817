import { randomUUID } from 'node:crypto';
import type { Queryable } from './database.ts';
import { PulseError } from '../../core/pulse-error.ts';
import type { ElementLevel } from '../../core/scoring/round-results.ts';

/** An element an account rates; `retiredAt` set keeps its history but takes it off new rounds. */
interface RatingElement {
  id: string;
  accountId: string;
  name: string;
  level: ElementLevel;
  position: number;
  retiredAt: Date | null;
}

/** A rating round: open until `closesAt` (or closed by hand), one open per account. */
export interface RatingRound {
  id: string;
  accountId: string;
  openedBy: string;
  openedAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  remindedAt: Date | null;
  /** The client tenant's members in the shared channel when it closed; null when not read (a gap, not zero). */
  clientMembers: number | null;
}

/** One person's answers in a round (stored under their Entra object id, never shown with it). */
export interface SavedResponse {
  side: 'client' | 'internal';
  comment: string | null;
  commentElementId: string | null;
  answers: { elementId: string; performance: number; importance: number }[];
}

/** One row of a round's ratings, for the scoring core. */
export interface RatingRow {
  elementId: string;
  element: string;
  raterKey: string;
  side: 'client' | 'internal';
  performance: number;
  importance: number;
}

/** A short round id (it is the Round__c of Pulse_Rating__c, 20 characters): the opening date and a random tail. */
const roundIdFor = (at: Date) => `${at.toISOString().slice(0, 10).replaceAll('-', '')}-${randomUUID().slice(0, 6)}`;

const toRound = (r: Record<string, unknown>): RatingRound => ({
  id: String(r.id),
  accountId: String(r.account_id),
  openedBy: String(r.opened_by),
  openedAt: new Date(r.opened_at as string),
  closesAt: new Date(r.closes_at as string),
  closedAt: r.closed_at ? new Date(r.closed_at as string) : null,
  remindedAt: r.reminded_at ? new Date(r.reminded_at as string) : null,
  clientMembers: r.client_members === null || r.client_members === undefined ? null : Number(r.client_members),
});

const toElement = (r: Record<string, unknown>): RatingElement => ({
  id: String(r.id),
  accountId: String(r.account_id),
  name: String(r.name),
  level: r.level as ElementLevel,
  position: Number(r.position),
  retiredAt: r.retired_at ? new Date(r.retired_at as string) : null,
});

/** Elements, rounds and responses of client ratings; the only place that knows their SQL (irritants: irritants-store). */
export function ratingsStore(db: Queryable) {
  const ratingsOfRounds = async (roundIds: readonly string[]): Promise<Map<string, RatingRow[]>> => {
    const rows = await db.query<{
      round_id: string;
      element_id: string;
      name: string;
      rater_key: string;
      side: 'client' | 'internal';
      performance: number;
      importance: number;
    }>(
      `SELECT a.round_id, a.element_id, e.name, a.rater_key, r.side, a.performance, a.importance FROM rating_answers a
         JOIN rating_responses r ON r.round_id = a.round_id AND r.rater_key = a.rater_key
         JOIN rating_elements e ON e.id = a.element_id
        WHERE a.round_id = ANY($1::text[]) ORDER BY a.round_id, e.position, e.id, a.rater_key`,
      [roundIds],
    );
    const byRound = new Map<string, RatingRow[]>();
    for (const r of rows) {
      const list = byRound.get(r.round_id) ?? [];
      if (!byRound.has(r.round_id)) byRound.set(r.round_id, list);
      list.push({
        elementId: r.element_id,
        element: r.name,
        raterKey: r.rater_key,
        side: r.side,
        performance: Number(r.performance),
        importance: Number(r.importance),
      });
    }
    return byRound;
  };
  return {
    /** The account's active elements in order; the default set is added the first time. */
    async activeElements(
      accountId: string,
      defaults: readonly { name: string; level: ElementLevel }[] = [],
    ): Promise<RatingElement[]> {
      const [{ n }] = (await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM rating_elements WHERE account_id = $1',
        [accountId],
      )) as [{ n: number }];
      if (n === 0)
        for (const [i, d] of defaults.entries())
          await db.query(
            `INSERT INTO rating_elements (id, account_id, name, level, position) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
            [`${accountId}-${i + 1}`, accountId, d.name, d.level, i + 1],
          );
      const rows = await db.query(
        'SELECT * FROM rating_elements WHERE account_id = $1 AND retired_at IS NULL ORDER BY position, id',
        [accountId],
      );
      return rows.map(toElement);
    },
    async addElement(accountId: string, name: string, level: ElementLevel): Promise<RatingElement> {
      const rows = await db.query(
        `INSERT INTO rating_elements (id, account_id, name, level, position)
         SELECT $1, $2, $3, $4, coalesce(max(position), 0) + 1 FROM rating_elements WHERE account_id = $2
         ON CONFLICT DO NOTHING RETURNING *`,
        [randomUUID(), accountId, name, level],
      );
      if (!rows[0]) throw new PulseError('ELEMENT_EXISTS', `The element "${name}" exists already.`);
      return toElement(rows[0]);
    },
    async renameElement(accountId: string, elementId: string, name: string): Promise<boolean> {
      return (
        (
          await db.query(
            'UPDATE rating_elements SET name = $3 WHERE account_id = $1 AND id = $2 AND retired_at IS NULL RETURNING 1',
            [accountId, elementId, name],
          )
        ).length === 1
      );
    },
    async retireElement(accountId: string, elementId: string): Promise<boolean> {
      return (
        (
          await db.query(
            'UPDATE rating_elements SET retired_at = now() WHERE account_id = $1 AND id = $2 AND retired_at IS NULL RETURNING 1',
            [accountId, elementId],
          )
        ).length === 1
      );
    },
    async openRoundOf(accountId: string): Promise<RatingRound | undefined> {
      const [r] = await db.query('SELECT * FROM rating_rounds WHERE account_id = $1 AND closed_at IS NULL', [
        accountId,
      ]);
      return r && toRound(r);
    },
    /** Opens a round at `openedAt` (the use case's clock, not the database's); undefined when the account has one open already (one at a time). */
    async openRound(
      accountId: string,
      openedBy: string,
      openedAt: Date,
      closesAt: Date,
    ): Promise<RatingRound | undefined> {
      const rows = await db.query(
        `INSERT INTO rating_rounds (id, account_id, opened_by, opened_at, closes_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (account_id) WHERE closed_at IS NULL DO NOTHING RETURNING *`,
        [roundIdFor(openedAt), accountId, openedBy, openedAt, closesAt],
      );
      return rows[0] && toRound(rows[0]);
    },
    /**
     * Records a round that already ran (the demo's past round), results included (else the cadence would publish
     * them again); undefined when the account has any round.
     */
    async recordPastRound(accountId: string, openedAt: Date, closedAt: Date): Promise<RatingRound | undefined> {
      // Recorded open (its answers are saved as any round's are) and closed by `closePastRound`, in one transaction.
      const rows = await db.query(
        `INSERT INTO rating_rounds (id, account_id, opened_by, opened_at, closes_at, closed_at, reminded_at, results_at)
         SELECT $1, $2, 'demo', $3, $4, NULL, $4, $4 WHERE NOT EXISTS (SELECT 1 FROM rating_rounds WHERE account_id = $2)
         RETURNING *`,
        [roundIdFor(openedAt), accountId, openedAt, closedAt],
      );
      return rows[0] && toRound(rows[0]);
    },
    /** Closes a round recorded by `recordPastRound` at its recorded close, with the client members it had then. */
    async closePastRound(roundId: string, clientMembers: number | null): Promise<void> {
      await db.query(
        'UPDATE rating_rounds SET closed_at = closes_at, client_members = $2 WHERE id = $1 AND closed_at IS NULL',
        [roundId, clientMembers],
      );
    },
    /** Closes the round once, at `at` (the use case's clock): true only for the call that closed it. */
    async closeRound(roundId: string, at: Date, clientMembers: number | null = null): Promise<boolean> {
      const closed = await db.query(
        'UPDATE rating_rounds SET closed_at = $2, client_members = $3 WHERE id = $1 AND closed_at IS NULL RETURNING 1',
        [roundId, at, clientMembers],
      );
      return closed.length === 1;
    },
    /** Records that a closed round's results were published. */
    async markResultsPublished(roundId: string, at: Date): Promise<void> {
      await db.query('UPDATE rating_rounds SET results_at = $2 WHERE id = $1 AND results_at IS NULL', [roundId, at]);
    },
    /** Rounds closed at least `graceMs` ago whose results were never published (their closer stopped midway). */
    async unpublishedRounds(now: Date, graceMs: number): Promise<RatingRound[]> {
      return (
        await db.query(
          'SELECT * FROM rating_rounds WHERE closed_at IS NOT NULL AND results_at IS NULL AND closed_at <= $1 ORDER BY closed_at',
          [new Date(now.getTime() - graceMs)],
        )
      ).map(toRound);
    },
    /** Marks the reminder sent once: true only for the call that marked it. */
    async markReminded(roundId: string, at: Date): Promise<boolean> {
      return (
        (
          await db.query(
            'UPDATE rating_rounds SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL RETURNING 1',
            [roundId, at],
          )
        ).length === 1
      );
    },
    /** Open rounds past their close time, or within `remindBeforeMs` of it and not reminded yet. */
    async dueRounds(now: Date, remindBeforeMs: number): Promise<{ toClose: RatingRound[]; toRemind: RatingRound[] }> {
      const rows = (await db.query('SELECT * FROM rating_rounds WHERE closed_at IS NULL ORDER BY closes_at')).map(
        toRound,
      );
      return {
        toClose: rows.filter((r) => r.closesAt <= now),
        toRemind: rows.filter(
          (r) => r.closesAt > now && !r.remindedAt && r.closesAt.getTime() - now.getTime() <= remindBeforeMs,
        ),
      };
    },
    /** The account's closed rounds (before `closedBefore`, if given), the latest `limit`, oldest first. */
    async closedRounds(accountId: string, limit: number, closedBefore?: Date): Promise<RatingRound[]> {
      const rows = await db.query(
        `SELECT * FROM rating_rounds WHERE account_id = $1 AND closed_at IS NOT NULL
            AND ($3::timestamptz IS NULL OR closed_at < $3)
          ORDER BY closed_at DESC, opened_at DESC, id DESC LIMIT $2`,
        [accountId, limit, closedBefore?.toISOString() ?? null],
      );
      return rows.map(toRound).reverse();
    },
    /**
     * The rounds each of several months' scorecards may read, oldest first: those closed from `from` until `before`,
     * and the latest `back` closed before `from`.
     */
    async closedRoundsBetween(accountId: string, back: number, from: Date, before: Date): Promise<RatingRound[]> {
      const rows = await db.query(
        `SELECT * FROM rating_rounds WHERE account_id = $1 AND closed_at IS NOT NULL AND closed_at < $3
            AND (closed_at >= $2 OR id IN (
              SELECT id FROM rating_rounds WHERE account_id = $1 AND closed_at IS NOT NULL AND closed_at < $2
               ORDER BY closed_at DESC, opened_at DESC, id DESC LIMIT $4))
          ORDER BY closed_at DESC, opened_at DESC, id DESC`,
        [accountId, from.toISOString(), before.toISOString(), back],
      );
      return rows.map(toRound).reverse();
    },
    /** The account's latest closed round (of two closed at the same instant, the one opened later). */
    async lastClosedRound(accountId: string): Promise<RatingRound | undefined> {
      const [r] = await db.query(
        'SELECT * FROM rating_rounds WHERE account_id = $1 AND closed_at IS NOT NULL ORDER BY closed_at DESC, opened_at DESC, id DESC LIMIT 1',
        [accountId],
      );
      return r && toRound(r);
    },
    /** When the account's last round opened (open or closed), for the cadence. */
    async lastOpenedAt(accountId: string): Promise<Date | undefined> {
      const [r] = await db.query<{ at: string | Date | null }>(
        'SELECT max(opened_at) AS at FROM rating_rounds WHERE account_id = $1',
        [accountId],
      );
      return r?.at ? new Date(r.at) : undefined;
    },
    async cadenceOf(accountId: string): Promise<'quarterly' | 'monthly'> {
      const [r] = await db.query<{ cadence: 'quarterly' | 'monthly' }>(
        'SELECT cadence FROM rating_cadence WHERE account_id = $1',
        [accountId],
      );
      return r?.cadence ?? 'quarterly';
    },
    async setCadence(accountId: string, cadence: 'quarterly' | 'monthly'): Promise<void> {
      await db.query(
        `INSERT INTO rating_cadence (account_id, cadence) VALUES ($1, $2) ON CONFLICT (account_id) DO UPDATE SET cadence = EXCLUDED.cadence`,
        [accountId, cadence],
      );
    },
    /**
     * Saves one person's response, replacing any earlier one of theirs in the round (re-rating); false, with nothing
     * stored, when the round has closed. Run it in a transaction: it locks the round's row, so saves of one round
     * (two of the same person at once, say) follow each other, and a close waits for a save under way (whose
     * answers it then counts) or makes it refuse (never an answer stored after the round's results were taken).
     */
    async saveResponse(roundId: string, raterKey: string, response: SavedResponse): Promise<boolean> {
      const open = await db.query('SELECT 1 FROM rating_rounds WHERE id = $1 AND closed_at IS NULL FOR UPDATE', [
        roundId,
      ]);
      if (open.length === 0) return false;
      await db.query('DELETE FROM rating_responses WHERE round_id = $1 AND rater_key = $2', [roundId, raterKey]);
      await db.query(
        `INSERT INTO rating_responses (round_id, rater_key, side, comment, comment_element_id) VALUES ($1, $2, $3, $4, $5)`,
        [roundId, raterKey, response.side, response.comment, response.commentElementId],
      );
      for (const a of response.answers)
        await db.query(
          `INSERT INTO rating_answers (round_id, rater_key, element_id, performance, importance) VALUES ($1, $2, $3, $4, $5)`,
          [roundId, raterKey, a.elementId, a.performance, a.importance],
        );
      return true;
    },
    async responseOf(roundId: string, raterKey: string): Promise<SavedResponse | undefined> {
      const [r] = await db.query<{
        side: 'client' | 'internal';
        comment: string | null;
        comment_element_id: string | null;
      }>('SELECT side, comment, comment_element_id FROM rating_responses WHERE round_id = $1 AND rater_key = $2', [
        roundId,
        raterKey,
      ]);
      if (!r) return undefined;
      const answers = await db.query<{ element_id: string; performance: number; importance: number }>(
        'SELECT element_id, performance, importance FROM rating_answers WHERE round_id = $1 AND rater_key = $2',
        [roundId, raterKey],
      );
      return {
        side: r.side,
        comment: r.comment,
        commentElementId: r.comment_element_id,
        answers: answers.map((a) => ({
          elementId: a.element_id,
          performance: Number(a.performance),
          importance: Number(a.importance),
        })),
      };
    },
    /** How many people have rated, per side. */
    async raterCounts(roundId: string): Promise<{ client: number; internal: number }> {
      const rows = await db.query<{ side: 'client' | 'internal'; n: number }>(
        'SELECT side, count(*)::int AS n FROM rating_responses WHERE round_id = $1 GROUP BY side',
        [roundId],
      );
      return {
        client: rows.find((r) => r.side === 'client')?.n ?? 0,
        internal: rows.find((r) => r.side === 'internal')?.n ?? 0,
      };
    },
    /** Every answer of a round with its element's name, for the scoring core. */
    async roundRatings(roundId: string): Promise<RatingRow[]> {
      return (await ratingsOfRounds([roundId])).get(roundId) ?? [];
    },
    /** `roundRatings` of several rounds in one statement, by round id (a round without answers has none). */
    ratingsOfRounds,
    /** The round's comments, without who wrote them. */
    async roundComments(
      roundId: string,
    ): Promise<{ side: 'client' | 'internal'; comment: string; elementId: string | null }[]> {
      const rows = await db.query<{ side: 'client' | 'internal'; comment: string; comment_element_id: string | null }>(
        `SELECT side, comment, comment_element_id FROM rating_responses WHERE round_id = $1 AND comment IS ` +
          `NOT NULL AND comment <> '' ORDER BY md5(rater_key || round_id)`,
        [roundId],
      );
      return rows.map((r) => ({ side: r.side, comment: r.comment, elementId: r.comment_element_id }));
    },
  };
}
