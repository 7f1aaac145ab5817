-- The monthly check-in: which periods are open, who was asked, and what each account manager answered.

CREATE TABLE cycle_periods (
  period text PRIMARY KEY CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);

-- One row per account manager and period: whether the prompt reached them, and where its card is.
CREATE TABLE cycle_prompts (
  period text NOT NULL REFERENCES cycle_periods (period),
  sf_user_id text NOT NULL,
  teams_user_id text,
  status text NOT NULL CHECK (status IN ('queued', 'sent', 'unreachable')),
  unreachable_reason text,
  reminders integer NOT NULL DEFAULT 0,
  card_activity_id text,
  card_reference jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (period, sf_user_id)
);

-- One row per key account and period. 'missing' is written at close: a missing return is no data, never zero.
CREATE TABLE monthly_returns (
  period text NOT NULL,
  account_id text NOT NULL,
  am_sf_user_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'missing')),
  meetings jsonb NOT NULL DEFAULT '[]',
  no_meetings boolean NOT NULL DEFAULT false,
  key_activities jsonb NOT NULL DEFAULT '[]',
  ball_with text CHECK (ball_with IN ('us', 'client', 'joint', 'nobody')),
  risk_flags text[] NOT NULL DEFAULT '{}',
  next_step text,
  client_man_hours numeric,
  our_man_hours numeric,
  submitted_by text,
  submitted_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (period, account_id)
);
CREATE INDEX monthly_returns_am ON monthly_returns (am_sf_user_id, period);
