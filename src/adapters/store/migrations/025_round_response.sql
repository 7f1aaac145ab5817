-- The response rate of a rating round (issue 27, item 5): how many of the client tenant's members the shared channel
-- had when the round closed. NULL when it was not read (no shared channel, the roster unreadable, rounds closed
-- before this column): a round's response rate is then a gap, never a zero.
ALTER TABLE rating_rounds ADD COLUMN client_members integer CHECK (client_members >= 0);
