-- A meeting about a key account's case that names no contact of its own has no AccountId in Salesforce (the Event
-- object reference derives it from an account-like What or a contact Who). The sync reads such meetings through their
-- Case and stores the case's account; `via_case_id` is that case, which also says whose attendees to read by event.
ALTER TABLE sf_events ADD COLUMN via_case_id text;
