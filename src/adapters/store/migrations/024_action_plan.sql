-- The action loop (DOMAIN.md, rule 8): each priority element and irritant of a round can get actions, owned by one
-- person on either side, with a due date and a status. Joint actions are client-safe and shown in the shared
-- channel; internal ones only to the account team. `action_key` is the card action that created it, so the same
-- action delivered again (Teams retries an invoke it got no answer to) adds nothing.
CREATE TABLE plan_actions (
  id text PRIMARY KEY,
  -- The order actions were added in, which the plan's numbers follow (several can be added at one instant).
  seq bigint GENERATED ALWAYS AS IDENTITY,
  account_id text NOT NULL,
  action_key text NOT NULL,
  element_id text REFERENCES rating_elements (id),
  irritant_id text REFERENCES irritants (id),
  title text NOT NULL CHECK (length(title) BETWEEN 2 AND 200),
  owner_side text NOT NULL CHECK (owner_side IN ('ours', 'client')),
  -- The owner's Entra object id (as the roster gives it) and their display name when chosen.
  owner_key text NOT NULL,
  owner_name text NOT NULL,
  -- The owner's Teams user id, to remind one of ours in their 1:1 chat.
  owner_teams_id text,
  due_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('proposed', 'open', 'done', 'dropped')),
  visibility text NOT NULL CHECK (visibility IN ('joint', 'internal')),
  created_by_side text NOT NULL CHECK (created_by_side IN ('client', 'internal')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  done_at timestamptz,
  CHECK (visibility = 'joint' OR owner_side = 'ours'),
  CHECK ((status = 'done') = (done_at IS NOT NULL))
);
CREATE UNIQUE INDEX plan_actions_one_per_card_action ON plan_actions (account_id, action_key);
CREATE INDEX plan_actions_account ON plan_actions (account_id, seq);
-- The cadence's tick looks for our open actions near or past their due date every 15 minutes.
CREATE INDEX plan_actions_ours_open_due ON plan_actions (due_on) WHERE status = 'open' AND owner_side = 'ours';

-- Every state an action has been in, from when (the app's clock), written with each change: a month's measures
-- read the plan as it stood on the month's last day, so a closed month does not change when an action is later
-- dropped, reopened or given another date.
CREATE TABLE plan_action_history (
  action_id text NOT NULL REFERENCES plan_actions (id),
  seq bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL,
  status text NOT NULL,
  due_on date NOT NULL,
  PRIMARY KEY (action_id, seq)
);

-- When an irritant was raised (its round's close) and last marked fixed, on the app's clock ("you said, we did"),
-- and every status it has had, from when (its age while open, as of any day). Rows from before are dated by the row.
ALTER TABLE irritants ADD COLUMN raised_at timestamptz;
ALTER TABLE irritants ADD COLUMN fixed_at timestamptz;
UPDATE irritants SET raised_at = created_at, fixed_at = CASE WHEN status = 'fixed' THEN updated_at END;
ALTER TABLE irritants ALTER COLUMN raised_at SET NOT NULL;
CREATE TABLE irritant_history (
  irritant_id text NOT NULL REFERENCES irritants (id),
  seq bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'in_progress', 'fixed')),
  PRIMARY KEY (irritant_id, seq)
);
INSERT INTO irritant_history (irritant_id, at, status) SELECT id, raised_at, 'open' FROM irritants ORDER BY created_at, id;
INSERT INTO irritant_history (irritant_id, at, status)
  SELECT id, updated_at, status FROM irritants WHERE status <> 'open' ORDER BY created_at, id;

-- Targets per element for the next round (issue 27, item 1): the account team proposes a target performance (1 to 5)
-- for an element after a round closes; it counts once the client agreed it in the shared channel. A new proposal
-- for an element replaces the one not yet agreed; agreed targets are kept, so actual and target compare over rounds.
CREATE TABLE element_targets (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  element_id text NOT NULL REFERENCES rating_elements (id),
  target numeric(2, 1) NOT NULL CHECK (target BETWEEN 1 AND 5),
  proposed_at timestamptz NOT NULL,
  agreed_at timestamptz
);
CREATE UNIQUE INDEX element_targets_one_draft ON element_targets (account_id, element_id) WHERE agreed_at IS NULL;
CREATE INDEX element_targets_account ON element_targets (account_id, agreed_at);
