-- Conversation references in our own shape (src/core/ports/conversation-ref.ts), no longer botbuilder's
-- ConversationReference: a successor bot SDK reads the same rows. The user is kept only outside group
-- conversations (channels, group chats), as refOfActivity keeps it. Rows already in our shape have no `conversation`.
CREATE FUNCTION pulse_conversation_ref(r jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN r ? 'conversation' THEN jsonb_strip_nulls(jsonb_build_object(
    'conversationId', r #>> '{conversation,id}',
    'conversationType', r #>> '{conversation,conversationType}',
    'tenantId', r #>> '{conversation,tenantId}',
    'serviceUrl', r ->> 'serviceUrl',
    'botId', r #>> '{bot,id}',
    'userId', CASE WHEN coalesce(r #>> '{conversation,conversationType}', '') NOT IN ('channel', 'groupChat')
                   THEN r #>> '{user,id}' END
  )) ELSE r END
$$;

UPDATE installations SET reference = pulse_conversation_ref(reference) WHERE reference ? 'conversation';
UPDATE cycle_prompts SET card_reference = pulse_conversation_ref(card_reference) WHERE card_reference ? 'conversation';

DROP FUNCTION pulse_conversation_ref(jsonb);
