-- Each Teams thread (a chat or channel conversation, `payload.threadKey`) is delivered in order: a message is
-- claimable only while no earlier message of its thread is undelivered. The column makes that test an index lookup.
ALTER TABLE outbox ADD COLUMN thread_key text GENERATED ALWAYS AS (CASE WHEN target = 'teams' THEN payload->>'threadKey' END) STORED;
CREATE INDEX outbox_thread_open ON outbox (thread_key, id) WHERE status IN ('pending', 'in_flight') AND thread_key IS NOT NULL;
-- A fencing token: every claim increments it, and a holder may mark a send started or settle a row only while the
-- row still carries the token of its own claim. A holder whose lease ran out (a slow or paused process) and was
-- reclaimed by another replica can then no longer send it a second time.
ALTER TABLE outbox ADD COLUMN lease_token integer NOT NULL DEFAULT 0;
