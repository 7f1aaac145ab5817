-- Who the bot knows in Teams, and where it can write to them.

CREATE TABLE teams_users (
  id             text PRIMARY KEY,          -- Teams user id for this bot (29:...)
  aad_object_id  text,                      -- Entra object id, the key Salesforce users map to
  tenant_id      text,
  name           text,
  email          text,
  upn            text,
  first_seen_at  timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX teams_users_tenant_aad ON teams_users (tenant_id, aad_object_id) WHERE aad_object_id IS NOT NULL;
CREATE INDEX teams_users_email ON teams_users (lower(email));
CREATE INDEX teams_users_upn ON teams_users (lower(upn));

-- One row per conversation the bot is installed in: a personal chat, a team (its channels), or a group chat.
CREATE TABLE installations (
  conversation_id  text PRIMARY KEY,
  scope            text NOT NULL CHECK (scope IN ('personal', 'team', 'groupChat')),
  tenant_id        text,
  team_id          text,
  channel_id       text,
  user_id          text REFERENCES teams_users (id),   -- personal: whose chat it is
  service_url      text NOT NULL,
  reference        jsonb NOT NULL,                     -- botbuilder ConversationReference, for proactive messages
  installed_by     text REFERENCES teams_users (id),
  installed_at     timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  uninstalled_at   timestamptz
);
CREATE INDEX installations_user ON installations (user_id) WHERE scope = 'personal';
CREATE INDEX installations_team ON installations (team_id) WHERE team_id IS NOT NULL;
