/**
 * Scale-out (issue 14, item 4): three replicas of the real server, each its own process, behind a round-robin
 * "load balancer" (this test sends each request to the next replica), on one PostgreSQL, with one Salesforce
 * (stand-in) and one Teams (Bot Connector stand-in). Every admin step is sent to all three at once, as three
 * schedulers firing together would. Exactly once: each account manager prompted once, each linked channel posted
 * to once, each Salesforce record written once.
 */
import { postgresAvailable } from '../support/test-database.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsStandIn } from '../support/teams-stand-in.ts';
import type { Conversation, Member } from '../../src/stand-ins/teams/teams-state.ts';
import { ids } from '../support/start-test-bot.ts';
import { startSalesforce } from '../support/start-salesforce.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { until } from '../support/until.ts';
import { actions, answerEveryAccount, invokeValue, type CardAction } from '../support/card-client.ts';
import { demoPeople } from '../../src/stand-ins/salesforce/demo/demo-org.ts';
import { openPostgresDatabase } from '../../src/adapters/store/postgres-database.ts';
import type { Database } from '../../src/adapters/store/database.ts';
import { lastEndedPeriod } from '../../src/core/domain/period.ts';

const url = process.env.TEST_DATABASE_URL;
const period = lastEndedPeriod(new Date());
const REPLICAS = 3;
/** Account managers beyond the demo org's four, each with one key account, so the fan-out spreads over replicas. */
const EXTRA_AMS = 24;

describe.runIf(postgresAvailable())('Three replicas on one PostgreSQL', () => {
  let sf: Awaited<ReturnType<typeof startSalesforce>>;
  let teams: TeamsStandIn;
  let replicas: ServerProcess[] = [];
  let db: Database;
  let admin: Database;
  const schema = `t_three_${process.pid}_${Date.now().toString(36)}`;
  const members: Record<string, Member> = {};
  const extraAms: string[] = [];
  let linked: Conversation;
  let shared: Conversation;
  let next = 0;

  /** The load balancer: each request goes to the next replica. */
  async function post(activity: Record<string, unknown>) {
    const replica = replicas[next++ % REPLICAS]!;
    const res = await fetch(`${replica.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    return text ? (JSON.parse(text) as { value?: unknown; type?: string }) : {};
  }
  const onAll = <S>(path: string, body: object) => Promise.allSettled(replicas.map((r) => r.admin<S>(path, body)));
  const chatOf = (key: string) => teams.state.personalConversationId(members[key]!.id);
  const prompts = (key: string) =>
    teams.sentTo(chatOf(key)).filter((r) => {
      const content = (r.activity.attachments as { content: unknown }[] | undefined)?.[0]?.content;
      return actions(content).some((a) => a.verb === 'return.open');
    });
  /** Each check asks all three replicas or the database: every 200 ms, for up to 30 s. */
  const waitUntil = (what: string, done: () => Promise<boolean>) => until(what, done, 30_000, 200);
  const outboxIdle = (target: string) => async () =>
    (
      await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM outbox WHERE target = $1 AND status IN ('pending', 'in_flight')",
        [target],
      )
    )[0]!.n === 0;

  /**
   * Opens a rating round for the account on all three replicas at once, has four client members (shared channel)
   * and two of the account team (internal channel) rate through the balancer, and closes it on all three at once.
   */
  async function rateOnEveryReplica(accountId: string) {
    const clients = ['c1', 'c2', 'c3', 'c4'].map((key, i) =>
      teams.state.addMember({
        id: `29:${key}`,
        name: `Client person ${key}`,
        aadObjectId: `c1e47000-0000-4000-8000-00000000000${i}`,
        email: `${key}@client.example`,
        userPrincipalName: `${key}@client.example`,
        tenantId: ids.clientTenant,
        userRole: 'user',
      }),
    );
    shared = teams.state.addChannel(linked.id, {
      id: '19:northwind-shared@thread.skype',
      memberIds: [members.dana!.id, ...clients.map((c) => c.id)],
    });
    const linkShared = await post(
      teams.activity(shared, members.dana!.id, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: invokeValue(
          { verb: 'channel.link-shared', data: {}, title: '' },
          { accountId, tenants: ids.clientTenant },
        ),
      }),
    );
    expect(JSON.stringify(linkShared)).toContain('now the channel shared with the client');
    const opened = await onAll<{ roundId: string }>('/admin/ratings', { step: 'open', accountId });
    const roundIds = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value.roundId] : []));
    expect(roundIds).toHaveLength(1);
    for (const o of opened) if (o.status === 'rejected') expect(String(o.reason)).toMatch(/ROUND_ALREADY_OPEN/);
    const elements = await db.query<{ id: string }>(
      'SELECT id FROM rating_elements WHERE account_id = $1 AND retired_at IS NULL ORDER BY position',
      [accountId],
    );
    // Client performance 1, 2, 4, 5 (mean 3) and importance 5 on every element; the team rates 4 and 4.
    const comment = 'Invoices reach us three weeks late';
    const rate = async (channel: Conversation, who: Member, performance: number, importance: number, extra = {}) => {
      const data: Record<string, string> = { roundId: roundIds[0]!, ...extra };
      for (const e of elements) {
        data[`p_${e.id}`] = String(performance);
        data[`i_${e.id}`] = String(importance);
      }
      const res = await post(
        teams.activity(channel, who.id, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: invokeValue({ verb: 'rating.save', data: {}, title: '' }, data),
        }),
      );
      expect(JSON.stringify(res), who.name).toContain('your answers are saved');
    };
    await Promise.all([
      ...clients.map((c, i) => rate(shared, c, [1, 2, 4, 5][i]!, 5, i === 1 ? { comment } : {})),
      rate(linked, members.dana!, 4, 4),
      rate(linked, members.sam!, 4, 4),
    ]);
    const closed = await onAll<{ clientRaters?: number }>('/admin/ratings', { step: 'close', accountId });
    const done = closed.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : []));
    expect(done).toEqual([expect.objectContaining({ clientRaters: 4, enough: true })]);
    for (const c of closed) if (c.status === 'rejected') expect(String(c.reason)).toMatch(/NO_OPEN_ROUND/);
    return { roundId: roundIds[0]!, elements: elements.map((e) => e.id), names: clients.map((c) => c.name), comment };
  }

  beforeAll(async () => {
    sf = await startSalesforce();
    teams = await new TeamsStandIn({ appId: ids.appId, appPassword: ids.appPassword, requireAuth: false }).start();
    const people: { key: string; name: string; email: string }[] = [...demoPeople];
    for (let i = 0; i < EXTRA_AMS; i++) {
      const key = `am${String(i).padStart(2, '0')}`;
      const email = `${key}@pulse-demo.example`;
      const user = sf.sf.data.put('User', {
        Name: `Manager ${key}`,
        Username: email,
        Email: email,
        FederationIdentifier: email,
        TimeZoneSidKey: 'Europe/London',
        IsActive: true,
      });
      sf.sf.data.put('Account', {
        Name: `Client ${key}`,
        OwnerId: user.Id,
        Type: 'Customer - Direct',
        Key_Account__c: true,
      });
      people.push({ key, name: `Manager ${key}`, email });
      extraAms.push(key);
    }
    for (const [i, p] of people.entries())
      members[p.key] = teams.state.addMember(
        {
          id: `29:${p.key}`,
          name: p.name,
          aadObjectId: `5a0c9e11-7b2d-4f6a-8e13-0d4c2b9f7b${String(i).padStart(2, '0')}`,
          email: p.email,
          userPrincipalName: p.email,
          tenantId: ids.homeTenant,
          userRole: 'user',
        },
        { installed: true },
      );
    const team = teams.state.addTeam({
      id: '19:accounts@thread.tacv2',
      name: 'Key accounts',
      tenantId: ids.homeTenant,
      memberIds: ['dana', 'marco', 'sam'].map((k) => members[k]!.id),
    });
    linked = teams.state.conversation(team.id)!;
    admin = openPostgresDatabase(url!, { max: 1 });
    await admin.exec(`CREATE SCHEMA ${schema}`);
    db = openPostgresDatabase(url!, { schema, max: 2 });
    const env = {
      ...sf.serverEnv(),
      // The schema rides in the URL (libpq's `options`), as an operator would give a replica its database.
      DATABASE_URL: `${url}${url!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      TEAMS_SERVICE_URL: teams.url,
    };
    // All three start at once: each runs the migrations, which must apply once (an advisory lock serialises them).
    replicas = await Promise.all(Array.from({ length: REPLICAS }, () => startServerProcess(env)));
  }, 90_000);

  afterAll(async () => {
    const codes = await Promise.all(replicas.map((r) => r.stop()));
    await db?.close();
    await admin?.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.close();
    await teams?.stop();
    await sf?.sf.stop();
    expect(codes).toEqual(replicas.map(() => 0));
  }, 30_000);

  it('When a sync, a monthly cycle with fan-out and write-back run on all three at once, then everything happens exactly once', async () => {
    // Migrations: applied once, whichever replica won.
    const versions = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(new Set(versions.map((v) => v.version)).size).toBe(versions.length);

    // Sync: each replica syncs as it starts, and the operator's sync goes to all three at once. One replica at a
    // time runs it (the sync lease); the others answer busy rather than run a second sync beside it.
    const refusals: string[] = [];
    await waitUntil('a sync', async () => {
      const syncs = await onAll('/admin/sync', { full: true });
      for (const s of syncs) if (s.status === 'rejected') refusals.push(String(s.reason));
      return syncs.some((s) => s.status === 'fulfilled');
    });
    for (const r of refusals)
      expect(r).toMatch(/SYNC_BUSY: A sync is (already running in this server|running on another replica)/);
    const keyAccounts = sf.sf.data.records('Account').filter((a) => a.Key_Account__c === true);
    const [{ n: synced }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sf_accounts')) as [
      { n: number },
    ];
    expect(synced).toBe(keyAccounts.length);

    // Account managers install the app, each install reaching whichever replica the balancer picks.
    for (const m of Object.values(members))
      await post(
        teams.activity(teams.state.personalConversation(m), m.id, { type: 'installationUpdate', action: 'add' }),
      );
    await post(teams.activity(linked, members.dana!.id, { type: 'installationUpdate', action: 'add' }));
    const [northwind] = (await db.query<{ id: string }>(
      "SELECT id FROM sf_accounts WHERE name = 'Northwind Logistics'",
    )) as [{ id: string }];
    const link = await post(
      teams.activity(linked, members.dana!.id, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: invokeValue({ verb: 'channel.link', data: {}, title: '' }, { accountId: northwind.id }),
      }),
    );
    expect(JSON.stringify(link)).toContain('now linked to Northwind Logistics');

    // Open: all three at once; every replica's delivery engine drains the one outbox.
    const opened = await onAll<{ queued: number; accountManagers: number }>('/admin/cycle', { step: 'open', period });
    expect(opened.every((o) => o.status === 'fulfilled')).toBe(true);
    const queued = opened.map((o) => (o.status === 'fulfilled' ? o.value.queued : 0));
    const ams: string[] = [
      ...demoPeople.filter((p) => p.title === 'Key Account Manager').map((p) => p.key),
      ...extraAms,
    ];
    expect(queued.reduce((a, b) => a + b, 0)).toBe(ams.length);
    await waitUntil('the prompts', outboxIdle('teams'));
    for (const key of ams) expect(prompts(key), key).toHaveLength(1);
    for (const key of Object.keys(members).filter((k) => !ams.includes(k))) expect(prompts(key), key).toHaveLength(0);

    // Each account manager answers every account on the prompt, each click through the next replica.
    for (const key of ams) {
      const content = (prompts(key)[0]!.activity.attachments as { content: unknown }[])[0]!.content;
      const chat = teams.state.personalConversation(members[key]!);
      const click = (action: CardAction, inputs: Record<string, string> = {}) =>
        post(
          teams.activity(chat, members[key]!.id, {
            type: 'invoke',
            name: 'adaptiveCard/action',
            value: invokeValue({ ...action, title: '' }, inputs),
            replyToId: prompts(key)[0]!.activityId,
          }),
        );
      for (const saved of await answerEveryAccount(content, period, click))
        expect(saved.type).toBe('application/vnd.microsoft.card.adaptive');
    }

    // Close: all three at once; the linked channel gets its scorecard once.
    const postsBefore = teams.sentTo(linked.id).length;
    const closed = await onAll('/admin/cycle', { step: 'close', period });
    expect(closed.every((c) => c.status === 'fulfilled')).toBe(true);
    await waitUntil('the scorecard post', outboxIdle('teams'));
    expect(teams.sentTo(linked.id).length - postsBefore).toBe(1);

    // A rating round (issue 11) in a channel shared with the client: opened on all three at once, rated by the
    // client's people and the account team through the balancer, closed on all three at once.
    const linkedBeforeRound = teams.sentTo(linked.id).length;
    const rated = await rateOnEveryReplica(northwind.id);
    await waitUntil('the rating posts', outboxIdle('teams'));
    const sharedCards = teams.sentTo(shared.id).map((r) => JSON.stringify(r.activity));
    expect(sharedCards.filter((c) => c.includes('Rate our work with you'))).toHaveLength(1);
    expect(sharedCards.filter((c) => c.includes('Joint scorecard: Northwind Logistics'))).toHaveLength(1);
    expect(sharedCards).toHaveLength(2);
    const internalPosts = teams.sentTo(linked.id).slice(linkedBeforeRound);
    expect(internalPosts.filter((r) => JSON.stringify(r.activity).includes('Rate our work with you'))).toHaveLength(1);
    expect(
      internalPosts.filter((r) => JSON.stringify(r.activity).includes('Rating round closed: Northwind Logistics')),
    ).toHaveLength(1);
    expect(internalPosts).toHaveLength(2);
    // The joint scorecard holds the client's aggregates (four raters), never one person's answers or name.
    expect(sharedCards[1]).toContain('(4 raters)');
    for (const secret of rated.names) for (const c of sharedCards) expect(c).not.toContain(secret);
    for (const secret of [...rated.names, rated.comment])
      for (const r of replicas) expect(r.output()).not.toContain(secret);

    // Write-back: the Salesforce outbox drains at the end of a sync; all three try at once.
    const queuedWrites = await db.query<{ object: string; key: string }>(
      "SELECT object, key FROM outbox WHERE target = 'salesforce'",
    );
    expect(queuedWrites.length).toBeGreaterThan(0);
    const writesBefore = sf.sf.writes.length;
    await waitUntil('the write-back', async () => {
      const runs = await onAll('/admin/sync', {});
      return runs.some((r) => r.status === 'fulfilled') && (await outboxIdle('salesforce')());
    });
    const writes = sf.sf.writes.slice(writesBefore);
    const repeated = writes.filter((w, i) => writes.indexOf(w) !== i);
    expect(repeated).toEqual([]);
    expect(writes.length).toBeGreaterThanOrEqual(queuedWrites.length);
    const statuses = await db.query<{ status: string; n: number }>(
      "SELECT status, count(*)::int AS n FROM outbox WHERE target = 'salesforce' GROUP BY status",
    );
    expect(statuses).toEqual([{ status: 'done', n: queuedWrites.length }]);

    // The round's aggregates: one Pulse_Rating__c per element and side, written once, with no individual answer.
    const ratingWrites = writes.filter((w) => w.startsWith('Pulse_Rating__c/'));
    expect(ratingWrites).toHaveLength(rated.elements.length * 2);
    const ratingRecords = sf.sf.data.records('Pulse_Rating__c');
    expect(ratingRecords).toHaveLength(rated.elements.length * 2);
    for (const side of ['Client', 'Internal']) {
      const ofSide = ratingRecords.filter((r) => r.Side__c === side);
      expect(new Set(ofSide.map((r) => r.Element__c)).size, side).toBe(rated.elements.length);
      for (const r of ofSide)
        expect(r, side).toMatchObject(
          side === 'Client'
            ? { Round__c: rated.roundId, Performance__c: 3, Importance__c: 5, Responses__c: 4 }
            : { Round__c: rated.roundId, Performance__c: 4, Importance__c: 4, Responses__c: 2 },
        );
    }
    const everyRecord = JSON.stringify(sf.sf.data.records('Pulse_Rating__c'));
    for (const secret of [...rated.names, rated.comment]) expect(everyRecord).not.toContain(secret);

    // And still: nobody prompted twice, no second channel post after the sync refreshed the scorecards (the
    // scorecard once, then the round's card and its internal results).
    for (const key of ams) expect(prompts(key), key).toHaveLength(1);
    expect(teams.sentTo(linked.id).length - postsBefore).toBe(3);
    expect(teams.sentTo(shared.id)).toHaveLength(2);
  }, 120_000);
});
