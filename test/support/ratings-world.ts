/**
 * The world of the client-ratings tests: a bot on the Bot Connector stand-in with a host tenant (Dana and Sam on
 * Northwind's team, Marco on Contoso's), the client's tenant (c1..c4) and a third tenant, a team with Northwind's
 * internal channel and a channel shared with the client, the demo Salesforce org synced; and the moves of a test
 * (say, act on a card, rate, drain the outbox, run `npm run ratings` against a running server).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../src/platform/config/config.ts';
import { createApp } from '../../src/app/app.ts';
import { writeAdminPort, writeAdminToken } from '../../src/edge/http/admin-token.ts';
import { registerSecret } from './secret-watch.ts';
import { runWatched } from './watched-child.ts';
import { hooksFor, ids, teamsEngineFor, useTestBot } from './start-test-bot.ts';
import type { startSalesforce } from './start-salesforce.ts';
import { addDemoPerson, syncedDemoOrg } from './demo-people.ts';
import { invokeValue } from './card-client.ts';
import { ratingsStore } from '../../src/adapters/store/ratings-store.ts';
import { ratingRounds } from '../../src/features/ratings/rating-rounds.ts';
import { adapterRoster } from '../../src/adapters/teams/adapter-roster.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';
import { drainTeamsOutbox } from '../../src/adapters/teams/drain-teams-outbox.ts';
import type { Conversation, Member } from '../../src/stand-ins/teams/teams-state.ts';

/** Element numbers of the default set (DOMAIN.md, measure 5) used by the tests. */
export const RESPONSIVENESS = 5;
export const QUALITY = 6;

/**
 * Tab sign-ins that may not act in Northwind's shared channel, once `outsidersJoin` has run: a third tenant's member,
 * a client member's token of another tenant, a client user outside the channel, our user on another account's team.
 */
export const OUTSIDERS = [
  ['third', ids.otherTenant],
  ['c2', ids.otherTenant],
  ['c9', ids.clientTenant],
  ['marco', ids.homeTenant],
] as const;

/**
 * Registers the world's hooks; its fields are filled before the first test (before each test with `perTest`, which
 * gives each test a world of its own). `env` adds to the bot's settings; `at` pins the app's clock (default
 * PINNED_AT), which the demo org is generated around and synced at; `teamsClock` is the clock Teams' rate limits
 * count by (the wall clock unless given).
 */
export function useRatingsWorld(
  options: { env?: Record<string, string>; at?: string; teamsClock?: () => number; perTest?: boolean } = {},
) {
  const { env, at, teamsClock, perTest } = options;
  const t = useTestBot({ resetEachTest: false, allowedTenantIds: [ids.homeTenant], env, at, teamsClock, perTest });
  const [before, after] = hooksFor(options);
  let sf: Awaited<ReturnType<typeof startSalesforce>> | undefined;
  const m: Record<string, Member> = {};
  const w = {
    internal: undefined as unknown as Conversation,
    shared: undefined as unknown as Conversation,
    northwind: '',
    contoso: '',
    /** Every invoke answer the bot gave in the shared channel (they reach the client's screens too). */
    sharedAnswers: [] as string[],
  };
  const botAt = () => ({ id: `28:${ids.appId}`, name: 'Partnership Pulse' });
  const el = (n: number) => `${w.northwind}-${n}`;

  function addMember(key: string, name: string, tenantId: string, email: string): Member {
    return t.bot.teams.state.addMember({
      id: `29:${key}`,
      name,
      aadObjectId: `aad-${key}`,
      email,
      userPrincipalName: email,
      tenantId,
      userRole: 'user',
    });
  }

  before(async () => {
    w.sharedAnswers.length = 0;
    sf = await syncedDemoOrg(t.bot, t.tdb.db);
    for (const key of ['dana', 'marco', 'sam']) m[key] = await addDemoPerson(t.bot, t.tdb.db, key, `aad-${key}`);
    for (const key of ['c1', 'c2', 'c3', 'c4'])
      m[key] = addMember(key, `Client ${key}`, ids.clientTenant, `${key}@client.example`);
    m.third = addMember('third', 'Third Party', ids.otherTenant, 'x@third.example');
    const team = t.bot.teams.state.addTeam({
      id: '19:accounts@thread.tacv2',
      name: 'Key accounts',
      tenantId: ids.homeTenant,
      memberIds: [m.dana!.id, m.marco!.id, m.sam!.id],
    });
    w.internal = t.bot.teams.state.addChannel(team.id, { id: '19:northwind@thread.tacv2' });
    w.shared = t.bot.teams.state.addChannel(team.id, {
      id: '19:northwind-shared@thread.skype',
      memberIds: [m.dana!.id],
    });
    await t.bot.teams.deliver(
      t.bot.teams.activity(t.bot.teams.state.conversation(team.id)!, m.dana!.id, {
        type: 'conversationUpdate',
        membersAdded: [{ id: `28:${ids.appId}` }],
      }),
    );
    const account = async (name: string) =>
      (await t.tdb.db.query<{ id: string }>('SELECT id FROM sf_accounts WHERE name = $1', [name]))[0]!.id;
    w.northwind = await account('Northwind Logistics');
    w.contoso = await account('Contoso Pharma');
  });
  after(() => sf?.sf.stop());

  async function say(key: string, channel: Conversation, text: string): Promise<string> {
    const before = t.bot.teams.received.length;
    await t.bot.teams.deliver(
      t.bot.teams.activity(channel, m[key]?.id ?? `29:${key}`, {
        type: 'message',
        text: `<at>Partnership Pulse</at> ${text}`,
        entities: [{ type: 'mention', text: '<at>Partnership Pulse</at>', mentioned: botAt() }],
      }),
    );
    return t.bot.teams.received
      .slice(before)
      .map((r) => JSON.stringify(r.activity))
      .join('\n');
  }

  async function act(fromId: string, channel: Conversation, verb: string, data: Record<string, unknown>) {
    const res = await t.bot.teams.deliver(
      t.bot.teams.activity(channel, fromId, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: invokeValue({ verb, data: {}, title: '' }, data as Record<string, string>),
      }),
    );
    const text = JSON.stringify(res.body);
    if (channel === w.shared) w.sharedAnswers.push(text);
    return { text, card: (res.body as { value?: unknown }).value as Record<string, unknown> };
  }

  const openRound = async () => (await ratingsStore(t.tdb.db).openRoundOf(w.northwind))!;
  const responses = async () =>
    t.tdb.db.query<{ rater_key: string; side: string }>(
      'SELECT rater_key, side FROM rating_responses ORDER BY rater_key',
    );
  const answersOf = (scores: [number, number, number][]) =>
    Object.fromEntries(
      scores.flatMap(([n, p, i]) => [
        [`p_${el(n)}`, String(p)],
        [`i_${el(n)}`, String(i)],
      ]),
    );
  async function rate(key: string, channel: Conversation, scores: [number, number, number][], extra = {}) {
    return act(m[key]?.id ?? `29:${key}`, channel, 'rating.save', {
      roundId: (await openRound()).id,
      ...answersOf(scores),
      ...extra,
    });
  }
  /**
   * Delivers what is queued for Teams. The stand-in enforces Teams' per-thread limits (8 in 2 s), which a test's
   * quick succession of messages in one channel can reach: a message the stand-in answered with 429 is due again
   * within seconds, so drain waits for it (at most three times) instead of leaving it for a later test to trip on.
   */
  const drain = async () => {
    const total = { delivered: 0, retrying: 0, unreachable: 0, failed: 0, unknown: 0 };
    for (let round = 0; ; round++) {
      const stats = await drainTeamsOutbox(teamsEngineFor(t.bot, t.tdb.db));
      for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += stats[k];
      const rows = await t.tdb.db.query<{ wait: number | null }>(
        `SELECT extract(epoch FROM min(next_attempt_at) - now())::float8 * 1000 AS wait FROM outbox
          WHERE target = 'teams' AND status = 'pending' AND next_attempt_at < now() + interval '3 seconds'`,
      );
      const wait = rows[0]?.wait;
      if (wait === null || wait === undefined || round === 3) return total;
      await new Promise((r) => setTimeout(r, Math.max(0, wait) + 50));
    }
  };

  /**
   * `npm run ratings -- <step> --account <id>` against a running server: an app with the admin routes on this test's
   * database, whose rounds are the test bot's (so its cards reach the stand-in), and the script as a child process.
   */
  async function npmRunRatings(step: string, accountId: string): Promise<{ code: number | null; out: string }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'pulse-ratings-cli-'));
    const token = writeAdminToken(dataDir);
    registerSecret(token);
    const refuse = () => Promise.reject(new Error('not used here'));
    const admin = await createApp({
      config: readConfig({ DATA_DIR: dataDir, PORT: '0' }),
      log: t.bot.logs.log,
      db: t.tdb.db,
      now: t.bot.clock.now,
      admin: {
        token,
        syncNow: refuse,
        runCycleStep: refuse,
        buildReport: refuse,
        privacy: refuse,
        runRatings: (s, id) =>
          s === 'open' ? t.bot.app.services.rounds.open(id, 'npm run ratings') : t.bot.app.services.rounds.close(id),
      },
    });
    const { port } = await admin.server.listen(0, '127.0.0.1');
    // What src/main.ts does after listening: the tools find the admin listener through the data folder.
    writeAdminPort(dataDir, admin.server.adminAddress?.port ?? 0);
    try {
      const { code, output } = await runWatched(
        process.execPath,
        ['--import', 'tsx', '--disable-warning=DEP0111', 'scripts/ratings.ts', step, '--account', accountId],
        { env: { ...process.env, PULSE_ENV: 'none', DATA_DIR: dataDir, PORT: String(port) } },
      );
      return { code, out: output };
    } finally {
      await admin.server.close(1000);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  /** A round in which c1 comments "Invoices arrive late" on responsiveness and c3 and c4 rate too, closed. */
  async function closeRoundWithComment(): Promise<void> {
    await say('dana', w.internal, 'start rating round');
    await rate('c1', w.shared, [[RESPONSIVENESS, 1, 5]], {
      comment: 'Invoices arrive late',
      commentElementId: el(RESPONSIVENESS),
    });
    // Comments are published from MIN_RATERS (3) client raters on.
    for (const c of ['c3', 'c4']) await rate(c, w.shared, [[RESPONSIVENESS, 3, 4]]);
    await t.bot.app.services.rounds.close(w.northwind);
  }

  /** Dana links Northwind's internal channel, and (once the client's people are in it) the shared channel. */
  async function linkBoth(): Promise<void> {
    await act(m.dana!.id, w.internal, 'channel.link', { accountId: w.northwind });
    for (const id of ['29:c1', '29:c2', '29:c3', '29:c4'])
      if (!w.shared.memberIds.includes(id)) w.shared.memberIds.push(id);
    await act(m.dana!.id, w.shared, 'channel.link-shared', {
      accountId: w.northwind,
      tenants: ids.clientTenant,
    });
  }

  /** The round use cases as the server's scheduler runs them, with the clock at `at`. */
  const roundsAt = (at: Date) =>
    ratingRounds({
      db: t.tdb.db,
      log: t.bot.logs.log,
      scoringSettings: DEFAULT_SCORING_SETTINGS,
      rosterFor: adapterRoster(t.bot.app.adapter, ids.appId),
      now: () => at,
    });

  return Object.assign(w, {
    t,
    roundsAt,
    m,
    el,
    addMember,
    say,
    act,
    openRound,
    responses,
    rate,
    drain,
    npmRunRatings,
    linkBoth,
    closeRoundWithComment,
    /** The OUTSIDERS join: c9 in the client's tenant but not the channel, the third tenant and Marco in it. */
    outsidersJoin: () => {
      addMember('c9', 'Client outside', ids.clientTenant, 'c9@client.example');
      w.shared.memberIds.push(m.third!.id, m.marco!.id);
    },
    /** The Salesforce stand-in the demo org was synced from. */
    salesforce: () => sf!,
  });
}
