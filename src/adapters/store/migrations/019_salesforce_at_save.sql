-- What Salesforce said at a return's save, for each of its meetings the form held (kept or not): minutes, client
-- attendees, face to face, by Event id. The reopened form compares it with Salesforce now and tells the account
-- manager what changed since they saved, which they may take (DOMAIN.md, measure 1). Null for drafts and for returns
-- saved before this column.
ALTER TABLE monthly_returns ADD COLUMN salesforce_at_save jsonb;
-- A meeting a submitted return kept is not removed when Salesforce deletes it (nor its attendees): the saved month
-- keeps it. It is marked instead, so the prefill and the reopened form know Salesforce no longer has it.
ALTER TABLE sf_events ADD COLUMN deleted_at timestamptz;
ALTER TABLE sf_event_attendees ADD COLUMN deleted_at timestamptz;
