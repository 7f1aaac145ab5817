-- Who is asking (people-store byTeamsUser, on every card action and command) goes from the Teams user to the
-- Salesforce users whose federation id or e-mail matches it: by index, not by matching every Salesforce user.

CREATE INDEX sf_users_federation_id ON sf_users (lower(federation_id));
CREATE INDEX sf_users_email ON sf_users (lower(email));
