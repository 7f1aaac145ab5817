import { PINNED_AT } from './test-clock.ts';
import { expect } from 'vitest';
import { recordPromptOutcome } from '../../src/features/cycle/prompt-outcomes.ts';
import { type CycleDeps, openCycle } from '../../src/features/cycle/cycle-steps.ts';
import { drainTeamsOutbox } from '../../src/adapters/teams/drain-teams-outbox.ts';
import { lastEndedPeriod } from '../../src/core/domain/period.ts';
import { demoPeople } from '../../src/stand-ins/salesforce/demo/demo-people.ts';
import { DEFAULT_SCORING_SETTINGS } from '../../src/core/scoring/settings.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { usersStore } from '../../src/adapters/store/users-store.ts';
import type { Member } from '../../src/stand-ins/teams/teams-state.ts';
import { actions, answerEveryAccount, inputValues, invokeValue } from './card-client.ts';
import type { startSalesforce } from './start-salesforce.ts';
import { addDemoMember, syncedDemoOrg } from './demo-people.ts';
import { hooksFor, ids, teamsEngineFor, useTestBot } from './start-test-bot.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';

/** A demo person by key (dana, marco, priya, sam, lena...). */
export const person = (key: string) => demoPeople.find((p) => p.key === key)!;

/** What Dana answers for Northwind in the cycle tests: a joint plan at stage 4 (the scorecard shows it at close). */
export const northwindAnswers = {
  ballWith: 'client',
  riskFlags: 'price_pressure',
  nextStep: 'Send [the] *proposal* http://evil.example',
  stage: '4',
  jointPlan: 'true',
};

/**
 * One test file's monthly-cycle world: a test bot and database kept across the file's tests (or, with `perTest`, one
 * for each test), the demo Salesforce org synced in, Dana, Marco and Priya in Teams (Lena, an account manager too,
 * never seen there), and card helpers that act as one of them. Call at the top of a test file.
 */
export function useCycleWorld(options: { perTest?: boolean; env?: Record<string, string> } = {}) {
  const t = useTestBot({ resetEachTest: false, perTest: options.perTest, env: options.env });
  const [before, after] = hooksFor(options);
  let sf: Awaited<ReturnType<typeof startSalesforce>>;
  const period = lastEndedPeriod(new Date(PINNED_AT));
  const members: Record<string, Member> = {};
  const world = {
    t,
    period,
    members,
    deps: undefined as unknown as CycleDeps,

    /** `key`'s Teams member, with the bot installed; `install` then tells the bot. */
    addMember(key: string, aadObjectId: string) {
      members[key] = addDemoMember(t.bot, key, aadObjectId, { installed: true });
      return members[key];
    },

    async install(key: string) {
      const m = members[key]!;
      const chat = t.bot.teams.state.personalConversation(m);
      await t.bot.teams.deliver(t.bot.teams.activity(chat, m.id, { type: 'installationUpdate', action: 'add' }));
    },

    /** Sam, a sales director, installed. */
    async addSam() {
      world.addMember('sam', '5a0c9e11-7b2d-4f6a-8e13-0d4c2b9f7a19');
      await world.install('sam');
    },

    /** Delivers every queued Teams message, as the delivery worker would. */
    async deliverAll() {
      const outbox = outboxStore(t.tdb.db);
      const engine = teamsEngineFor(t.bot, t.tdb.db, recordPromptOutcome);
      for (let i = 0; i < 20 && ((await outbox.counts('teams')).pending > 0 || i === 0); i++)
        await drainTeamsOutbox(engine);
    },

    /** `key` clicks a card action (an Adaptive Card Action.Execute invoke) with these inputs. */
    async click(
      key: string,
      action: { verb: string; data: Record<string, unknown> },
      inputs: Record<string, string> = {},
    ) {
      const m = members[key]!;
      const chat = t.bot.teams.state.personalConversation(m);
      const res = await t.bot.teams.deliver(
        t.bot.teams.activity(chat, m.id, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: invokeValue({ ...action, title: '' }, inputs),
          replyToId: 'card-1',
        }),
      );
      expect(res.status).toBe(200);
      return res.body as { statusCode: number; type: string; value: unknown };
    },

    /** The demo org's stand-in, as synced in before the test. */
    salesforce: () => sf,

    /** An incremental sync from the stand-in, at the bot's clock (as the scheduled sync runs). */
    async sync() {
      return runSync({
        db: t.tdb.db,
        crm: await sf.connect(t.bot.logs.log),
        settings: sf.settings.jwt,
        log: t.bot.logs.log,
        now: t.bot.clock.now,
      });
    },

    /** The last card sent to `key`'s personal chat. */
    cardOf(key: string) {
      const sent = t.bot.teams.sentTo(t.bot.teams.state.personalConversationId(members[key]!.id));
      return (sent.at(-1)!.activity.attachments as { content: unknown }[])[0]!.content;
    },

    /** `key` answers every account on their check-in card. */
    async answerAll(key: string, p = period) {
      for (const saved of await answerEveryAccount(world.cardOf(key), p, (action, inputs) =>
        world.click(key, action, inputs),
      ))
        expect(saved.type).toBe('application/vnd.microsoft.card.adaptive');
    },

    async northwindId() {
      return (await t.tdb.db.query<{ id: string }>(`SELECT id FROM sf_accounts WHERE name = 'Northwind Logistics'`))[0]!
        .id;
    },

    /** Dana and Marco install the bot, Priya is known without installing it, and the cycle opens and is delivered. */
    async openCycleForAll() {
      await world.install('dana');
      await world.install('marco');
      await usersStore(t.tdb.db).upsert({
        id: '29:priya',
        aadObjectId: members.priya!.aadObjectId,
        tenantId: ids.homeTenant,
        name: 'Priya Natarajan',
        email: person('priya').email,
        upn: person('priya').email,
      });
      t.bot.teams.received.length = 0;
      const summary = await openCycle(world.deps, period);
      await world.deliverAll();
      return summary;
    },

    /** Dana opens Northwind's form and saves it with `northwindAnswers` (plus `extra`); returns the form and reply. */
    async saveNorthwind(extra: Record<string, string> = {}) {
      const form = (
        await world.click('dana', { verb: 'return.open', data: { period, accountId: await world.northwindId() } })
      ).value;
      const save = actions(form).find((a) => a.verb === 'return.save')!;
      const inputs = inputValues(form);
      const saved = await world.click('dana', save, { ...inputs, ...northwindAnswers, ...extra });
      return { form, save, inputs, saved };
    },
  };

  before(async () => {
    for (const key of Object.keys(members)) delete members[key];
    sf = await syncedDemoOrg(t.bot, t.tdb.db);
    for (const [i, key] of ['dana', 'marco', 'priya'].entries())
      world.addMember(key, `5a0c9e11-7b2d-4f6a-8e13-0d4c2b9f7a1${i}`);
    world.deps = {
      db: t.tdb.db,
      log: t.bot.logs.log,
      scoringSettings: DEFAULT_SCORING_SETTINGS,
      defaultServiceUrl: t.bot.teams.url,
      now: t.bot.clock.now,
    };
  });
  after(() => sf.sf.stop());
  return world;
}
