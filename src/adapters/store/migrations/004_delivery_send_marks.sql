-- Teams has no idempotency key for sends. A delivery records when its HTTP send started: after a crash, one that
-- never started is sent; one that started may have arrived, so it is parked as unknown instead of sent twice.
ALTER TABLE outbox ADD COLUMN send_started_at timestamptz;
ALTER TABLE cycle_prompts DROP CONSTRAINT cycle_prompts_status_check;
ALTER TABLE cycle_prompts ADD CONSTRAINT cycle_prompts_status_check CHECK (status IN ('queued', 'sent', 'unreachable', 'unknown'));
