-- What Teams said of a channel's sharing (channelShared / channelUnshared) holds only while the bot is there to hear
-- it change: when the bot is removed from a channel, or from its team (and so from every channel of it), it is
-- forgotten. Each row keeps its channel's team, so a removal from the team reaches its channels. Rows recorded before
-- take the team from the channel's link, else from the bot's installation in the channel, where either exists.
ALTER TABLE channel_shared_tenants ADD COLUMN team_id text;
UPDATE channel_shared_tenants s SET team_id = l.team_id FROM channel_links l
 WHERE l.conversation_id = s.conversation_id AND l.team_id IS NOT NULL;
UPDATE channel_shared_tenants s SET team_id = i.team_id FROM installations i
 WHERE s.team_id IS NULL AND coalesce(i.channel_id, i.conversation_id) = s.conversation_id AND i.team_id IS NOT NULL;
