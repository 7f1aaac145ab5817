import type { Database } from '../../src/adapters/store/database.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { usersStore } from '../../src/adapters/store/users-store.ts';
import { demoPeople } from '../../src/stand-ins/salesforce/demo/demo-people.ts';
import type { Member } from '../../src/stand-ins/teams/teams-state.ts';
import { ids, type TestBot } from './start-test-bot.ts';
import { startSalesforce } from './start-salesforce.ts';

/** Starts the Salesforce stand-in with the demo org as of the bot's clock and syncs it into the test database once. */
export async function syncedDemoOrg(bot: TestBot, db: Database) {
  const sf = await startSalesforce({ now: bot.clock.now() });
  await runSync({
    db,
    crm: await sf.connect(bot.logs.log),
    settings: sf.settings.jwt,
    log: bot.logs.log,
    now: bot.clock.now,
  });
  return sf;
}

/**
 * A demo org person (dana, marco, sam, ...) as a member of the home tenant in the Teams stand-in, and as a Teams
 * user the bot has met (so they map to their Salesforce user by e-mail).
 */
export async function addDemoPerson(bot: TestBot, db: Database, key: string, aadObjectId: string): Promise<Member> {
  const member = addDemoMember(bot, key, aadObjectId);
  await rememberDemoUser(db, key, { id: member.id, aadObjectId, tenantId: ids.homeTenant });
  return member;
}

/** A demo org person as a Teams user the bot has met (so they map to their Salesforce user by e-mail). */
export async function rememberDemoUser(
  db: Database,
  key: string,
  teams: { id: string; aadObjectId: string; tenantId: string },
): Promise<void> {
  const p = demoPeople.find((x) => x.key === key)!;
  await usersStore(db).upsert({ ...teams, name: p.name, email: p.email, upn: p.email });
}

/** A demo org person (dana, marco, sam, ...) as a member of the home tenant in the Teams stand-in only. */
export function addDemoMember(
  bot: TestBot,
  key: string,
  aadObjectId: string,
  options?: Parameters<TestBot['teams']['state']['addMember']>[1],
): Member {
  const p = demoPeople.find((x) => x.key === key)!;
  return bot.teams.state.addMember(
    {
      id: `29:${key}`,
      name: p.name,
      aadObjectId,
      email: p.email,
      userPrincipalName: p.email,
      tenantId: ids.homeTenant,
      userRole: 'user',
    },
    options,
  );
}
