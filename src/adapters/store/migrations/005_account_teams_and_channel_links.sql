-- Salesforce account teams (who, besides the owner, works on a key account), and which Teams channel belongs to
-- which key account (its internal channel) or to leadership (the portfolio summary).

CREATE TABLE sf_account_team (
  id text PRIMARY KEY, account_id text NOT NULL, user_id text NOT NULL, role text,
  modstamp timestamptz NOT NULL, synced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sf_account_team_user ON sf_account_team (user_id);

CREATE TABLE channel_links (
  conversation_id text PRIMARY KEY,
  team_id text,
  channel_id text,
  tenant_id text,
  purpose text NOT NULL CHECK (purpose IN ('account', 'leadership')),
  account_id text,
  linked_by text NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((purpose = 'account') = (account_id IS NOT NULL))
);
CREATE UNIQUE INDEX channel_links_one_per_account ON channel_links (account_id) WHERE purpose = 'account';
CREATE UNIQUE INDEX channel_links_one_leadership ON channel_links (tenant_id) WHERE purpose = 'leadership';
