import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installationsStore } from '../../src/adapters/store/installations-store.ts';
import { conversationRef } from '../../src/core/ports/conversation-ref.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.ts';

const MIGRATION = readFileSync(
  new URL('../../src/adapters/store/migrations/015_our_conversation_references.sql', import.meta.url),
  'utf8',
);

/** References as botbuilder's TurnContext.getConversationReference made them, as rows before migration 015 hold. */
const legacy = {
  personal: {
    activityId: 'f:1',
    user: { id: '29:ada', name: 'Ada', aadObjectId: '0a0a0a0a-1111-4222-8333-444444444444' },
    bot: { id: '28:bot', name: 'Partnership Pulse' },
    conversation: { id: 'a:1ada', conversationType: 'personal', tenantId: 'tenant-1' },
    channelId: 'msteams',
    locale: 'en-US',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
  },
  team: {
    user: { id: '29:ada', name: 'Ada' },
    bot: { id: '28:bot', name: 'Partnership Pulse' },
    conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
  },
};

const ours = {
  personal: {
    conversationId: 'a:1ada',
    conversationType: 'personal',
    tenantId: 'tenant-1',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    botId: '28:bot',
    userId: '29:ada',
  },
  // A channel's reference names no user: the installer is not kept in it.
  team: {
    conversationId: '19:general@thread.tacv2',
    conversationType: 'channel',
    tenantId: 'tenant-1',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    botId: '28:bot',
  },
};

describe.each(testDatabaseKinds())('Stored conversation references (%s)', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(() => t.close());

  it("When rows hold botbuilder's references, then migration 015 rewrites them in our shape, as the reader reads them", async () => {
    for (const [scope, reference] of [
      ['personal', legacy.personal],
      ['team', legacy.team],
    ] as const)
      await t.db.query(
        `INSERT INTO installations (conversation_id, scope, tenant_id, service_url, reference)
         VALUES ($1, $2, 'tenant-1', $3, $4)`,
        [reference.conversation.id, scope, reference.serviceUrl, JSON.stringify(reference)],
      );
    // The reader takes a row not yet migrated (an outbox payload queued before the change) as the migration does.
    expect(conversationRef.parse(legacy.personal)).toEqual(ours.personal);
    expect(conversationRef.parse(legacy.team)).toEqual(ours.team);

    await t.db.exec(MIGRATION);

    const rows = await t.db.query<{ conversation_id: string; reference: unknown }>(
      'SELECT conversation_id, reference FROM installations ORDER BY conversation_id',
    );
    expect(rows.map((r) => r.reference)).toEqual([ours.team, ours.personal]);
    expect((await installationsStore(t.db).byConversation('a:1ada'))?.reference).toEqual(ours.personal);
  });

  it("When a 1:1 chat the bot opened (no conversation type) or a prompt's card holds botbuilder's shape, then 015 converts it too", async () => {
    const opened = { ...legacy.personal, conversation: { id: 'a:1opened', tenantId: 'tenant-1' } };
    const expected = { ...ours.personal, conversationId: 'a:1opened' } as Record<string, unknown>;
    delete expected.conversationType;
    // The user is kept: a conversation of no stated type is not a channel or a group chat.
    expect(conversationRef.parse(opened)).toEqual(expected);
    await t.db.query(`INSERT INTO cycle_periods (period, status) VALUES ('2026-10', 'open') ON CONFLICT DO NOTHING`);
    await t.db.query(
      `INSERT INTO cycle_prompts (period, sf_user_id, teams_user_id, status, card_reference)
       VALUES ('2026-10', '005A', '29:ada', 'sent', $1)`,
      [JSON.stringify(opened)],
    );
    await t.db.exec(MIGRATION);
    const [row] = await t.db.query<{ card_reference: unknown }>(
      `SELECT card_reference FROM cycle_prompts WHERE sf_user_id = '005A'`,
    );
    expect(row!.card_reference).toEqual(expected);
  });

  it('When a reference is neither shape, then reading it fails rather than sending somewhere unknown', () => {
    expect(conversationRef.safeParse({ conversation: { id: 'a:1' } }).success).toBe(false);
    expect(conversationRef.safeParse({ ...ours.team, serviceUrl: 'not a url' }).success).toBe(false);
    expect(conversationRef.safeParse({ ...ours.team, extra: 'field' }).success).toBe(false);
  });
});
