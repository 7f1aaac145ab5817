-- When the sync last asked Salesforce for the records of each object deleted since (queryAll, IsDeleted = true),
-- by the sync's clock: the next sync asks from then on. Salesforce keeps deleted records for queryAll 15 days, so
-- after a longer gap the sync reads in full (docs/SALESFORCE.md, "How the sync works").
ALTER TABLE sync_state ADD COLUMN deletions_checked_at timestamptz;
