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
  });
}
