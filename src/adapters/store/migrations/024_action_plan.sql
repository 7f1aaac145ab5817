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

-- When an irritant was raised (its round's close) and marked fixed, on the app's clock: "you said, we did" at the
-- next round, and the age of the irritants still open. An irritant raised before this migration is dated by its row.
ALTER TABLE irritants ADD COLUMN raised_at timestamptz;
ALTER TABLE irritants ADD COLUMN fixed_at timestamptz;

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
