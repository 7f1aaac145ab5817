-- What the sync reads from Salesforce (system of record for accounts), and where it keeps its progress.

CREATE TABLE sf_accounts (
  id text PRIMARY KEY, name text NOT NULL, owner_id text NOT NULL, annual_revenue numeric, industry text, type text,
  is_key boolean NOT NULL DEFAULT true, modstamp timestamptz NOT NULL, synced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sf_accounts_owner ON sf_accounts (owner_id) WHERE is_key;

CREATE TABLE sf_users (
  id text PRIMARY KEY, name text NOT NULL, email text, federation_id text, time_zone text, manager_id text,
  is_active boolean NOT NULL, modstamp timestamptz NOT NULL, synced_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sf_contacts (
  id text PRIMARY KEY, account_id text NOT NULL, name text NOT NULL, title text, email text,
  level text CHECK (level IN ('executive', 'management', 'operational')), left_company boolean NOT NULL DEFAULT false,
  modstamp timestamptz NOT NULL, synced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sf_contacts_account ON sf_contacts (account_id);

CREATE TABLE sf_events (
  id text PRIMARY KEY, account_id text NOT NULL, owner_id text NOT NULL, subject text, start_at timestamptz NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes >= 0), is_all_day boolean NOT NULL, type text, location text,
  face_to_face boolean NOT NULL, modstamp timestamptz NOT NULL, synced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sf_events_account_start ON sf_events (account_id, start_at);

CREATE TABLE sf_event_attendees (
  id text PRIMARY KEY, event_id text NOT NULL, relation_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('contact', 'user', 'other')), status text,
  modstamp timestamptz NOT NULL, synced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sf_event_attendees_event ON sf_event_attendees (event_id);

CREATE TABLE sf_opportunities (
  id text PRIMARY KEY, account_id text NOT NULL, name text NOT NULL, amount numeric, close_date date NOT NULL,
  stage text NOT NULL, is_closed boolean NOT NULL, type text, modstamp timestamptz NOT NULL, synced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sf_opportunities_account ON sf_opportunities (account_id) WHERE NOT is_closed;

CREATE TABLE sf_cases (
  id text PRIMARY KEY, account_id text NOT NULL, created_at timestamptz NOT NULL, status text, priority text,
  modstamp timestamptz NOT NULL, synced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sf_cases_account_created ON sf_cases (account_id, created_at);

-- The newest SystemModstamp stored per object: the next incremental read starts after it.
CREATE TABLE sync_state (
  object text PRIMARY KEY, watermark timestamptz, last_full_at timestamptz, updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sync_runs (
  id bigserial PRIMARY KEY, started_at timestamptz NOT NULL DEFAULT now(), finished_at timestamptz,
  full_sync boolean NOT NULL, dry_run boolean NOT NULL, stats jsonb, error text
);

-- Writes to Salesforce and Teams wait here until delivered: nothing is lost while a service is down, and the
-- idempotency key (target, object, key) means a retry updates the one pending write instead of adding another.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  target text NOT NULL CHECK (target IN ('salesforce', 'teams')),
  object text NOT NULL,
  key text NOT NULL,
  payload jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_flight', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz,
  claimed_version integer,
  last_error text,
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz,
  UNIQUE (target, object, key)
);
CREATE INDEX outbox_due ON outbox (target, object, next_attempt_at) WHERE status IN ('pending', 'in_flight');

-- Named leases: one replica at a time runs a scheduled job.
CREATE TABLE leases (name text PRIMARY KEY, holder text NOT NULL, expires_at timestamptz NOT NULL);
