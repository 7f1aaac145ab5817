/**
 * Migration 014 gives each recorded channel sharing its team, so that the bot removed from a team forgets the
 * sharing of every channel of it. Rows recorded before it take the team from the channel's link, else from the bot's
 * installation in the channel; a row with neither is forgotten only by a removal from its own channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.ts';
import { loadMigrations, migrate } from '../../src/store/migrate.ts';
import { channelLinksStore } from '../../src/store/channel-links-store.ts';

const CLIENT = 'bbbbbbbb-0000-4000-8000-000000000002';

describe.each(testDatabaseKinds())('Migrating recorded channel sharing (%s)', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind, { migrated: false });
  });
  afterAll(() => t?.close());

  it('When sharing was recorded before, then the channels take their team from their link or installation, and a removal from the team forgets them', async () => {
    const all = await loadMigrations();
    await migrate(t.db, all.slice(0, 13));
    await t.db.exec(`
      INSERT INTO channel_links (conversation_id, team_id, channel_id, tenant_id, purpose, account_id, client_tenant_ids, linked_by)
        VALUES ('19:linked', '19:team', '19:linked', 'host', 'shared', '001A', '{${CLIENT}}', 'dana');
      INSERT INTO installations (conversation_id, scope, tenant_id, team_id, channel_id, service_url, reference)
        VALUES ('19:installed', 'team', 'host', '19:team', '19:installed', 'https://teams.example', '{}');
      INSERT INTO channel_shared_tenants (conversation_id, tenant_id)
        VALUES ('19:linked', '${CLIENT}'), ('19:installed', '${CLIENT}'), ('19:unknown', '${CLIENT}');`);

    await migrate(t.db, all);

    const links = channelLinksStore(t.db);
    expect(await links.forgetSharing({ teamId: '19:team' })).toBe(2);
    expect(await links.sharedWith('19:linked')).toEqual([]);
    expect(await links.sharedWith('19:installed')).toEqual([]);
    expect(await links.sharedWith('19:unknown')).toEqual([CLIENT]);
    expect(await links.forgetSharing({ channelId: '19:unknown' })).toBe(1);
  });
});
