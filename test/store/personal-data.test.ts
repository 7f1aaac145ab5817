import { testClock } from '../support/test-clock.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handlePrivacyRequest } from '../../src/features/people/personal-data.ts';
import { usersStore } from '../../src/adapters/store/users-store.ts';
import { installationsStore } from '../../src/adapters/store/installations-store.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.ts';

const ada = { id: '29:ada', aad: '0a0a0a0a-1111-4222-8333-444444444444' };
const bob = { id: '29:bob', aad: '0b0b0b0b-1111-4222-8333-444444444444' };
/** A client rater from the client's tenant: no Teams user row of ours, only their rating under their object id. */
const carol = { aad: '0c0c0c0c-1111-4222-8333-444444444444' };

describe.each(testDatabaseKinds())("A person's data request (%s)", (kind) => {
  let t: TestDatabase;
  // A fresh database per test: the erasures below change it, and each test states the erasures it builds on.
  beforeEach(async () => {
    t = await openTestDatabase(kind);
    const db = t.db;
    for (const p of [ada, bob]) {
      await usersStore(db).upsert({
        id: p.id,
        aadObjectId: p.aad,
        tenantId: 'tenant-1',
        name: p.id.slice(3),
        email: `${p.id.slice(3)}@supplier.example`,
        upn: `${p.id.slice(3)}@supplier.example`,
      });
      await installationsStore(db).save({
        conversationId: `a:1personal-${p.id}`,
        scope: 'personal',
        tenantId: 'tenant-1',
        teamId: null,
        channelId: null,
        userId: p.id,
        serviceUrl: 'https://smba.example/teams/',
        reference: {
          conversationId: `a:1personal-${p.id}`,
          serviceUrl: 'https://smba.example/teams/',
          botId: '28:bot',
        },
        installedBy: p.id,
      });
    }
    // Ada installed the app in a team, linked its channel, was prompted and submitted a return; Bob submitted one.
    // The team's reference as rows stored before migration 015 hold it (botbuilder's shape): it names the installer.
    const legacyReference = {
      conversation: { id: '19:team', conversationType: 'channel', tenantId: 'tenant-1' },
      user: { id: ada.id, name: 'Ada', aadObjectId: ada.aad },
      bot: { id: '28:bot', name: 'Partnership Pulse' },
      channelId: 'msteams',
      serviceUrl: 'https://smba.example/teams/',
    };
    await db.query(
      `INSERT INTO installations (conversation_id, scope, tenant_id, team_id, channel_id, service_url, reference, installed_by)
       VALUES ('19:team', 'team', 'tenant-1', '19:team', '19:team', 'https://smba.example/teams/', $1, $2)`,
      [JSON.stringify(legacyReference), ada.id],
    );
    await db.query(`INSERT INTO cycle_periods (period, status) VALUES ('2026-10', 'open')`);
    await db.query(
      `INSERT INTO cycle_prompts (period, sf_user_id, teams_user_id, status, card_activity_id) VALUES ('2026-10', '005A', $1, 'sent', 'act-1')`,
      [ada.id],
    );
    for (const [account, by] of [
      ['001A', ada.id],
      ['001B', bob.id],
    ])
      await db.query(
        `INSERT INTO monthly_returns (period, account_id, am_sf_user_id, status, next_step, submitted_by, submitted_at)
         VALUES ('2026-10', $1, '005A', 'submitted', 'Call the CFO', $2, now())`,
        [account, by],
      );
    await db.query(
      `INSERT INTO channel_links (conversation_id, team_id, channel_id, tenant_id, purpose, account_id, linked_by)
       VALUES ('19:team', '19:team', '19:team', 'tenant-1', 'account', '001A', $1)`,
      [ada.id],
    );
    // A rating round in which Ada (internal) and Carol (client) rated.
    await db.query(
      `INSERT INTO rating_elements (id, account_id, name, level, position) VALUES ('el-1', '001A', 'Responsiveness', 'operational', 1)`,
    );
    await db.query(
      `INSERT INTO rating_rounds (id, account_id, opened_by, closes_at) VALUES ('round-1', '001A', $1, now() + interval '14 days')`,
      [ada.id],
    );
    for (const [who, side, comment] of [
      [ada.aad, 'internal', null],
      [carol.aad, 'client', 'Slow answers to tickets'],
    ]) {
      await db.query(
        `INSERT INTO rating_responses (round_id, rater_key, side, comment) VALUES ('round-1', $1, $2, $3)`,
        [who, side, comment],
      );
      await db.query(
        `INSERT INTO rating_answers (round_id, rater_key, element_id, performance, importance) VALUES ('round-1', $1, 'el-1', 4, 5)`,
        [who],
      );
    }
    // Carol owns an action of the joint plan (issue 27), chosen from the shared channel's roster.
    await db.query(
      `INSERT INTO plan_actions (id, account_id, action_key, title, owner_side, owner_key, owner_name, owner_teams_id,
         due_on, status, visibility, created_by_side, created_at, updated_at)
       VALUES ('action-1', '001A', 'k1', 'Send the forecast', 'client', $1, 'Carol Client', '29:carol', '2026-12-01',
         'open', 'joint', 'client', now(), now())`,
      [carol.aad],
    );
  });
  afterEach(() => t?.close());

  /** Ada, the account manager, erased as she asked: what the later requests find left. */
  const eraseAda = () => handlePrivacyRequest(t.db, 'erase', ada.aad, testClock().now);

  it('When a person asks for their data, then every row that names them comes back, by source, and nobody else’s', async () => {
    const result = await handlePrivacyRequest(t.db, 'export', ada.aad.toUpperCase(), testClock().now);
    if (result.action !== 'export') throw new Error('not an export');
    const d = result.data;
    expect(d.teamsUsers.rows.map((r) => r.id)).toEqual([ada.id]);
    expect(d.installations.rows.map((r) => r.conversation_id).sort()).toEqual(['19:team', `a:1personal-${ada.id}`]);
    expect(d.monthlyReturns.rows.map((r) => r.account_id)).toEqual(['001A']);
    expect(d.cyclePrompts.rows.map((r) => r.card_activity_id)).toEqual(['act-1']);
    expect(d.channelLinks.rows.map((r) => r.account_id)).toEqual(['001A']);
    expect(d.ratingRounds.rows.map((r) => r.id)).toEqual(['round-1']);
    expect(d.ratings.rows).toMatchObject([
      { round_id: 'round-1', side: 'internal', answers: [{ elementId: 'el-1', performance: 4, importance: 5 }] },
    ]);
    expect(Object.values(d).every((s) => s.about.length > 10)).toBe(true);
    expect(JSON.stringify(d)).not.toContain(bob.id);
  });

  it('When a person asks to be erased, then their rows go, the organisation’s records stay without their name, and others are untouched', async () => {
    const result = await eraseAda();
    expect(result).toMatchObject({
      action: 'erase',
      erased: {
        installations: 2,
        monthlyReturns: 1,
        cyclePrompts: 1,
        channelLinks: 1,
        ratingRounds: 1,
        ratings: 1,
        teamsUsers: 1,
      },
    });
    const after = await handlePrivacyRequest(t.db, 'export', ada.aad, testClock().now);
    if (after.action !== 'export') throw new Error('not an export');
    expect(Object.values(after.data).map((s) => s.rows.length)).toEqual(Object.keys(after.data).map(() => 0));
    // Nothing kept names her: not the team install's stored reference, not the round she opened.
    const kept =
      JSON.stringify(await t.db.query('SELECT * FROM installations')) +
      JSON.stringify(await t.db.query('SELECT * FROM rating_rounds'));
    expect(kept).not.toContain(ada.id);
    expect(kept).not.toContain(ada.aad);
    expect(await t.db.query('SELECT rater_key FROM rating_answers')).toEqual([{ rater_key: carol.aad }]);
    const returns = await t.db.query<{ account_id: string; submitted_by: string | null; next_step: string }>(
      'SELECT account_id, submitted_by, next_step FROM monthly_returns ORDER BY account_id',
    );
    expect(returns).toEqual([
      { account_id: '001A', submitted_by: null, next_step: 'Call the CFO' },
      { account_id: '001B', submitted_by: bob.id, next_step: 'Call the CFO' },
    ]);
    const bobs = await handlePrivacyRequest(t.db, 'export', bob.aad, testClock().now);
    if (bobs.action !== 'export') throw new Error('not an export');
    expect(bobs.data.teamsUsers.rows).toHaveLength(1);
    expect(bobs.data.installations.rows).toHaveLength(1);
  });

  it('When a client rater, known to us only by their rating, asks for their data, then their answers come back and erasure deletes them', async () => {
    await eraseAda();
    const result = await handlePrivacyRequest(t.db, 'export', carol.aad, testClock().now);
    if (result.action !== 'export') throw new Error('not an export');
    expect(result.data.ratings.rows).toMatchObject([{ side: 'client', comment: 'Slow answers to tickets' }]);
    expect(result.data.teamsUsers.rows).toEqual([]);
    expect(result.data.actionOwners.rows).toMatchObject([{ title: 'Send the forecast', owner_name: 'Carol Client' }]);
    expect(await handlePrivacyRequest(t.db, 'erase', carol.aad, testClock().now)).toMatchObject({
      erased: { ratings: 1, actionOwners: 1 },
    });
    // The action stays in the plan both sides agreed, without her name or ids.
    expect(await t.db.query('SELECT title, owner_key, owner_name, owner_teams_id FROM plan_actions')).toEqual([
      { title: 'Send the forecast', owner_key: 'erased', owner_name: 'a former member', owner_teams_id: null },
    ]);
    expect(await t.db.query('SELECT rater_key FROM rating_responses')).toEqual([]);
    expect(await t.db.query('SELECT rater_key FROM rating_answers')).toEqual([]);
  });

  it('When the id is not an Entra object id, then nothing is read or changed', async () => {
    await eraseAda();
    await expect(handlePrivacyRequest(t.db, 'erase', "x' OR 1=1 --", testClock().now)).rejects.toThrow(
      /must be an Entra object id/,
    );
    expect(await t.db.query('SELECT id FROM teams_users')).toEqual([{ id: bob.id }]);
  });
});
