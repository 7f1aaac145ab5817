import { PINNED_AT } from '../support/test-clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.ts';
import { peopleStore } from '../../src/adapters/store/people-store.ts';
import { usersStore } from '../../src/adapters/store/users-store.ts';
import { syncStore } from '../../src/adapters/store/sync-store.ts';
import { keyAccountRow } from '../support/salesforce-rows.ts';

const tenant = 'aaaaaaaa-0000-4000-8000-000000000001';
const now = new Date(PINNED_AT);
const sfUser = (id: string, name: string, email: string | null, federation_id: string | null) => ({
  id,
  name,
  email,
  federation_id,
  time_zone: 'Europe/Rome',
  manager_id: null,
  is_active: true,
  modstamp: now,
});

for (const kind of testDatabaseKinds()) {
  describe(`Mapping Salesforce users to Teams users on ${kind}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await openTestDatabase(kind);
      const sync = syncStore(t.db);
      await sync.upsert(
        'User',
        [
          sfUser('005A', 'Fed Match', 'personal@gmail.example', 'fed@corp.example'),
          sfUser('005B', 'Mail Match', 'MAIL@corp.example', null),
          sfUser('005C', 'Nobody', 'ghost@corp.example', null),
          sfUser('005D', 'Not an owner', 'mail@corp.example', null),
        ],
        now,
      );
      await sync.upsert(
        'Account',
        ['005A', '005B', '005C'].map((owner, i) =>
          keyAccountRow({ id: `001${i}`, name: `A${i}`, owner_id: owner }, now),
        ),
        now,
      );
      const users = usersStore(t.db);
      await users.upsert({
        id: '29:fed',
        aadObjectId: 'oid-fed',
        tenantId: tenant,
        name: 'F',
        email: 'other@corp.example',
        upn: 'FED@corp.example',
      });
      await users.upsert({
        id: '29:mail',
        aadObjectId: 'oid-mail',
        tenantId: tenant,
        name: 'M',
        email: 'mail@corp.example',
        upn: 'm.upn@corp.example',
      });
    });
    afterAll(() => t.close());

    it(
      'When owners are mapped, then FederationIdentifier matches the UPN first, e-mail next ' +
        '(case-insensitively), and the unmatched are reported',
      async () => {
        const ams = await peopleStore(t.db).accountManagers();
        expect(ams.map((a) => [a.sfUserId, a.teamsUserId, a.matchedBy])).toEqual([
          ['005A', '29:fed', 'federationId'],
          ['005B', '29:mail', 'email'],
          ['005C', null, null],
        ]);
        expect(ams[0]).toMatchObject({ aadObjectId: 'oid-fed', tenantId: tenant, timeZone: 'Europe/Rome' });
      },
    );

    it('When a Teams user matches two Salesforce users by e-mail, then it maps to the one who owns a key account', async () => {
      // 005B and 005D share the address (case aside); the key account decides, whichever of the two holds it.
      const people = peopleStore(t.db);
      expect((await people.byTeamsUser('29:mail'))?.sfUserId).toBe('005B');
      const owner = (id: string) => keyAccountRow({ id: '0011', name: 'A1', owner_id: id }, now);
      await syncStore(t.db).upsert('Account', [owner('005D')], now);
      try {
        expect((await people.byTeamsUser('29:mail'))?.sfUserId).toBe('005D');
      } finally {
        await syncStore(t.db).upsert('Account', [owner('005B')], now);
      }
      expect((await people.byTeamsUser('29:mail'))?.sfUserId).toBe('005B');
    });
  });
}
