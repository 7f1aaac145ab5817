-- An irritant comes from a comment of a closed round: its origin is the round and the comment's text (the irritant
-- keeps no rater, so the text is what tells one comment's irritant from another's). Publishing a round's results
-- checked for the irritant, then inserted it: two replicas publishing the same round at once (a close still under
-- way past its grace period, and the tick that finishes it) could both add it. A unique key makes the insert atomic.
--
-- A database that holds such copies already keeps the oldest of each (its place in the numbered backlog), with the
-- status, and the owner, that the account team last set on any copy, so an irritant fixed on a copy stays fixed.
WITH copies AS (
  SELECT id, owner, status, updated_at,
         first_value(id) OVER (PARTITION BY round_id, title ORDER BY created_at, id) AS keep_id,
         count(*) OVER (PARTITION BY round_id, title) AS n
    FROM irritants WHERE round_id IS NOT NULL
), latest AS (
  SELECT DISTINCT ON (keep_id) keep_id, status, updated_at FROM copies WHERE n > 1
   ORDER BY keep_id, updated_at DESC, id DESC
), latest_owner AS (
  SELECT DISTINCT ON (keep_id) keep_id, owner FROM copies WHERE n > 1 AND owner IS NOT NULL
   ORDER BY keep_id, updated_at DESC, id DESC
)
UPDATE irritants i SET status = l.status, updated_at = l.updated_at, owner = coalesce(o.owner, i.owner)
  FROM latest l LEFT JOIN latest_owner o ON o.keep_id = l.keep_id
 WHERE i.id = l.keep_id;

DELETE FROM irritants i USING irritants older
 WHERE older.round_id = i.round_id AND older.title = i.title AND (older.created_at, older.id) < (i.created_at, i.id);

-- An irritant without a round (none is added so yet) is not limited: NULLs are distinct in a unique index.
CREATE UNIQUE INDEX irritants_one_per_round_comment ON irritants (round_id, title);
