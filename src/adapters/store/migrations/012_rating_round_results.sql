-- A round's results (irritants, the joint and internal posts, the Salesforce aggregates) are published after it is
-- marked closed; results_at records that they were. A closer that crashed in between leaves results_at empty, and
-- the cadence tick publishes them again (every step is idempotent by its outbox key).
ALTER TABLE rating_rounds ADD COLUMN results_at timestamptz;
UPDATE rating_rounds SET results_at = closed_at WHERE closed_at IS NOT NULL;
