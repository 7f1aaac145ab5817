import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-database.ts';
import { loadMigrations, migrate, schemaVersion } from '../../src/adapters/store/migrate.ts';
import { usersStore } from '../../src/adapters/store/users-store.ts';
import { installationsStore } from '../../src/adapters/store/installations-store.ts';

const tenant = 'aaaaaaaa-0000-4000-8000-000000000001';

for (const kind of testDatabaseKinds()) {
  describe(`Storage on ${kind}`, () => {
    // Migrated, for the stores; each migration test opens an empty database of its own, so none relies on another.
    let t: TestDatabase;
    beforeAll(async () => {
      t = await openTestDatabase(kind);
    });
    afterAll(() => t.close());

    describe('migrations', () => {
      it('When migrations run on an empty database, then every numbered file is applied once and the version matches', async () => {
        const empty = await openTestDatabase(kind, { migrated: false });
        try {
          expect(await schemaVersion(empty.db)).toBe(0);
          const expected = (await loadMigrations()).map((m) => m.version);
          expect(await migrate(empty.db)).toEqual(expected);
          expect(await schemaVersion(empty.db)).toBe(expected.length);
        } finally {
          await empty.close();
        }
      });

      it('When migrations run again, then nothing is applied', async () => {
        const empty = await openTestDatabase(kind, { migrated: false });
        try {
          await migrate(empty.db);
          expect(await migrate(empty.db)).toEqual([]);
        } finally {
          await empty.close();
        }
      });

      it('When two processes migrate a new database at once, then each migration is applied exactly once', async () => {
        const fresh = await openTestDatabase(kind, { migrated: false });
        try {
          const other = kind === 'postgres' ? fresh.openReplica() : fresh.db;
          const [a, b] = await Promise.all([migrate(fresh.db), migrate(other)]);
          const all = (await loadMigrations()).map((m) => m.version);
          expect([...a, ...b].sort((x, y) => x - y)).toEqual(all);
          const rows = await fresh.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
          expect(rows[0]!.n).toBe(all.length);
        } finally {
          await fresh.close();
        }
      });

      it('When a migration fails, then none of the batch is applied', async () => {
        const fresh = await openTestDatabase(kind, { migrated: false });
        try {
          const good = await loadMigrations();
          const bad = [
            ...good,
            { version: good.length + 1, name: 'broken', sql: 'CREATE TABLE x (id int); SELEC oops;' },
          ];
          await expect(migrate(fresh.db, bad)).rejects.toThrow();
          expect(await schemaVersion(fresh.db)).toBe(0);
        } finally {
          await fresh.close();
        }
      });

      it(
        'When the database applied a version under another name (a build numbered differently), then ' +
          'migrating stops and says so, changing nothing',
        async () => {
          const fresh = await openTestDatabase(kind, { migrated: false });
          try {
            const ours = await loadMigrations();
            // As an unreleased build left it: its own 009 applied, then this release's numbering.
            const theirs = [
              ...ours.slice(0, 8),
              { version: 9, name: 'client_ratings', sql: 'CREATE TABLE theirs (id int)' },
            ];
            await migrate(fresh.db, theirs);
            await expect(migrate(fresh.db, ours)).rejects.toThrow(
              `The database's migration 9 is "client_ratings", but this code's 9 is "${ours[8]!.name}"`,
            );
            expect(await schemaVersion(fresh.db)).toBe(9);
          } finally {
            await fresh.close();
          }
        },
      );
    });

    describe('users and installations', () => {
      beforeEach(async () => {
        await t.db.exec('DELETE FROM installations; DELETE FROM teams_users;');
      });

      it('When a user is seen again with fewer details, then the stored details are kept', async () => {
        const users = usersStore(t.db);
        await users.upsert({
          id: '29:a',
          aadObjectId: 'oid-a',
          tenantId: tenant,
          name: 'Ann',
          email: 'Ann@X.example',
          upn: 'ann@x.example',
        });
        await users.upsert({ id: '29:a', aadObjectId: null, tenantId: tenant, name: 'Ann A.', email: null, upn: null });
        expect(await users.byId('29:a')).toEqual({
          id: '29:a',
          aadObjectId: 'oid-a',
          tenantId: tenant,
          name: 'Ann A.',
          email: 'Ann@X.example',
          upn: 'ann@x.example',
        });
      });

      it('When a Salesforce user is looked up, then the Entra object id wins over e-mail, and e-mail matches case-insensitively', async () => {
        const users = usersStore(t.db);
        await users.upsert({
          id: '29:a',
          aadObjectId: 'oid-a',
          tenantId: tenant,
          name: 'Ann',
          email: 'shared@x.example',
          upn: null,
        });
        await users.upsert({
          id: '29:b',
          aadObjectId: 'oid-b',
          tenantId: tenant,
          name: 'Ben',
          email: 'ben@x.example',
          upn: null,
        });
        expect((await users.byAadObjectIdOrEmail(tenant, 'oid-b', 'shared@x.example'))!.id).toBe('29:b');
        expect((await users.byAadObjectIdOrEmail(tenant, null, 'SHARED@x.example'))!.id).toBe('29:a');
        expect(await users.byAadObjectIdOrEmail('other-tenant', 'oid-a', null)).toBeUndefined();
      });

      it('When the same install is saved by several requests at once, then exactly one reports it as new', async () => {
        await usersStore(t.db).upsert({
          id: '29:a',
          aadObjectId: 'oid-a',
          tenantId: tenant,
          name: 'Ann',
          email: null,
          upn: null,
        });
        const dbs = kind === 'postgres' ? [t.db, t.openReplica(), t.openReplica()] : [t.db, t.db, t.db];
        const save = (i: number) =>
          installationsStore(dbs[i % dbs.length]!).save({
            conversationId: 'a:1',
            scope: 'personal',
            tenantId: tenant,
            teamId: null,
            channelId: null,
            userId: '29:a',
            serviceUrl: 'https://smba.example/',
            reference: { conversationId: 'a:1', serviceUrl: 'https://smba.example/', botId: `28:bot-${i}` },
            installedBy: '29:a',
          });
        const results = await Promise.all([0, 1, 2, 3, 4, 5].map(save));
        expect(results.filter(Boolean)).toHaveLength(1);
        const store = installationsStore(t.db);
        await store.markUninstalled('a:1');
        const again = await Promise.all([0, 1, 2].map(save));
        expect(again.filter(Boolean)).toHaveLength(1);
        expect((await store.personalChatOf('29:a'))!.uninstalledAt).toBeNull();
      });
    });
  });
}
