-- How often an account's shared channel gets the digest of its joint action plan (issue 27, item 3): weekly (from
-- Monday 09:00 on the organisation's calendar) or monthly (from the first Monday of the month). No row: weekly.
CREATE TABLE plan_digest (
  account_id text PRIMARY KEY,
  cadence text NOT NULL CHECK (cadence IN ('weekly', 'monthly'))
);
