-- Client meetings found in account managers' Outlook calendars through Microsoft Graph (issue 26): only events with at
-- least one contact of a key account, and only what counting needs (DOMAIN.md, measure 1; docs/ADMIN.md, "Calendars").
-- One row per event occurrence and key account; nothing of a private, cancelled or client-less event is kept.
CREATE TABLE calendar_meetings (
  am_user_id     text NOT NULL,          -- the account manager's Salesforce user id
  event_id       text NOT NULL,          -- Graph's id of the occurrence
  account_id     text NOT NULL,
  ical_uid       text,
  start_at       timestamptz NOT NULL,   -- an all-day event: midnight UTC of its first date
  end_at         timestamptz NOT NULL,
  is_all_day     boolean NOT NULL,
  local_date     text NOT NULL,          -- its date on the manager's calendar
  subject        text,                   -- null when the organisation keeps no subjects (GRAPH_CALENDAR_SUBJECTS=off)
  minutes        integer NOT NULL,
  face_to_face   boolean NOT NULL,
  video_call     boolean NOT NULL,
  contact_ids    text[] NOT NULL,        -- the key account's contacts who attended
  our_attendees  integer NOT NULL,
  strangers      text[] NOT NULL,        -- addresses at the client's domain that are no Salesforce contact
  reasons        text[] NOT NULL,        -- why it counts, as the check-in shows
  read_at        timestamptz NOT NULL,
  PRIMARY KEY (am_user_id, event_id, account_id)
);
CREATE INDEX calendar_meetings_account ON calendar_meetings (account_id, start_at);

-- Where each manager's calendar read stands: the window of its delta round, the delta link to go on from, and the
-- last outcome (a mailbox outside the app's scope, say), for doctor and the logs.
CREATE TABLE calendar_reads (
  am_user_id   text PRIMARY KEY,
  mailbox      text NOT NULL,
  window_from  timestamptz NOT NULL,
  window_to    timestamptz NOT NULL,
  time_zone    text NOT NULL,
  delta_link   text,
  read_at      timestamptz NOT NULL,
  failure      text
);
