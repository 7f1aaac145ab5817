-- Client ratings in shared channels (DOMAIN.md, measure 5): a third channel-link purpose, the shared channel with
-- the client (with the client's tenant ids), the elements each account rates, rounds, responses and irritants.

ALTER TABLE channel_links DROP CONSTRAINT channel_links_purpose_check;
ALTER TABLE channel_links DROP CONSTRAINT channel_links_check;
ALTER TABLE channel_links ADD CONSTRAINT channel_links_purpose_check CHECK (purpose IN ('account', 'leadership', 'shared'));
ALTER TABLE channel_links ADD CONSTRAINT channel_links_account_check CHECK ((purpose = 'leadership') = (account_id IS NULL));
ALTER TABLE channel_links ADD COLUMN client_tenant_ids text[] NOT NULL DEFAULT '{}';
ALTER TABLE channel_links ADD CONSTRAINT channel_links_shared_has_client CHECK (purpose <> 'shared' OR cardinality(client_tenant_ids) > 0);
CREATE UNIQUE INDEX channel_links_one_shared_per_account ON channel_links (account_id) WHERE purpose = 'shared';
-- The tenants a channel is shared with, as Teams' channelShared / channelUnshared events say (before any of their
-- members joined): offered to the linking user with the roster's tenants.
CREATE TABLE channel_shared_tenants (
  conversation_id text NOT NULL,
  tenant_id text NOT NULL,
  shared_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, tenant_id)
);

-- What matters most, per account and level; a retired element keeps its history (ratings point at it).
CREATE TABLE rating_elements (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  name text NOT NULL,
  level text NOT NULL CHECK (level IN ('executive', 'management', 'operational')),
  position integer NOT NULL,
  retired_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX rating_elements_active_name ON rating_elements (account_id, lower(name)) WHERE retired_at IS NULL;

-- How often an account is rated: quarterly unless set to monthly.
CREATE TABLE rating_cadence (
  account_id text PRIMARY KEY,
  cadence text NOT NULL CHECK (cadence IN ('quarterly', 'monthly'))
);

CREATE TABLE rating_rounds (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  opened_by text NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  closes_at timestamptz NOT NULL,
  closed_at timestamptz,
  reminded_at timestamptz,
  CHECK (closes_at > opened_at)
);
CREATE UNIQUE INDEX rating_rounds_one_open ON rating_rounds (account_id) WHERE closed_at IS NULL;

-- One response per person per round; rater_key is the rater's Entra object id (the same from the bot and the tab).
CREATE TABLE rating_responses (
  round_id text NOT NULL REFERENCES rating_rounds (id),
  rater_key text NOT NULL,
  side text NOT NULL CHECK (side IN ('client', 'internal')),
  comment text,
  comment_element_id text REFERENCES rating_elements (id),
  saved_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (round_id, rater_key)
);

CREATE TABLE rating_answers (
  round_id text NOT NULL,
  rater_key text NOT NULL,
  element_id text NOT NULL REFERENCES rating_elements (id),
  performance smallint NOT NULL CHECK (performance BETWEEN 1 AND 5),
  importance smallint NOT NULL CHECK (importance BETWEEN 1 AND 5),
  PRIMARY KEY (round_id, rater_key, element_id),
  FOREIGN KEY (round_id, rater_key) REFERENCES rating_responses (round_id, rater_key) ON DELETE CASCADE
);

-- Irritants named in comments become a backlog both sides see and update; no rater is recorded.
CREATE TABLE irritants (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  round_id text REFERENCES rating_rounds (id),
  element_id text REFERENCES rating_elements (id),
  title text NOT NULL,
  raised_by text NOT NULL CHECK (raised_by IN ('client', 'internal')),
  owner text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'fixed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX irritants_account ON irritants (account_id, status);

-- Elements the client proposes from the shared channel; the account team accepts or declines (no proposer kept).
CREATE TABLE rating_element_proposals (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
  created_at timestamptz NOT NULL DEFAULT now()
);
