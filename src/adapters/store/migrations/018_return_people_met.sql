-- The client contacts a submitted return's meetings met, as counted when it was saved (id and level each): the
-- month's people met and levels reached, which a later change in Salesforce (a deleted event, a removed invitee, a
-- contact who moved company) does not alter (DOMAIN.md, measure 1). Null for returns saved before this column.
ALTER TABLE monthly_returns ADD COLUMN people_met jsonb;
