-- Who was at a meeting, as real orgs record it: the Event's WhoId (the only contact when Shared Activities is off),
-- and per EventRelation row whether it is an invitee (IsInvitee) or a related contact (IsParent, Shared Activities).
ALTER TABLE sf_events ADD COLUMN who_id text;
ALTER TABLE sf_event_attendees ADD COLUMN is_invitee boolean NOT NULL DEFAULT true;
ALTER TABLE sf_event_attendees ADD COLUMN is_parent boolean NOT NULL DEFAULT false;
-- Meetings stored before these columns existed lack them: the next sync reads meetings and attendees whole again.
DELETE FROM sync_state WHERE object IN ('Event', 'EventRelation');
