import type { Queryable } from './database.ts';

/** A Teams user as the bot learned them from activities and the roster. */
export interface TeamsUser {
  id: string;
  aadObjectId: string | null;
  tenantId: string | null;
  name: string | null;
  email: string | null;
  upn: string | null;
}

interface Row {
  id: string;
  aad_object_id: string | null;
  tenant_id: string | null;
  name: string | null;
  email: string | null;
  upn: string | null;
}

const toUser = (r: Row): TeamsUser => ({
  id: r.id,
  aadObjectId: r.aad_object_id,
  tenantId: r.tenant_id,
  name: r.name,
  email: r.email,
  upn: r.upn,
});

/** Reads and writes `teams_users`; the only place that knows its SQL. */
export function usersStore(db: Queryable) {
  return {
    /** Inserts or refreshes a user; fields we did not learn this time keep their stored value. */
    async upsert(user: TeamsUser): Promise<void> {
      await db.query(
        `INSERT INTO teams_users (id, aad_object_id, tenant_id, name, email, upn)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET
           aad_object_id = COALESCE(EXCLUDED.aad_object_id, teams_users.aad_object_id),
           tenant_id = COALESCE(EXCLUDED.tenant_id, teams_users.tenant_id),
           name = COALESCE(EXCLUDED.name, teams_users.name),
           email = COALESCE(EXCLUDED.email, teams_users.email),
           upn = COALESCE(EXCLUDED.upn, teams_users.upn),
           updated_at = now()`,
        [user.id, user.aadObjectId, user.tenantId, user.name, user.email, user.upn],
      );
    },
    async byId(id: string): Promise<TeamsUser | undefined> {
      const rows = await db.query<Row>('SELECT * FROM teams_users WHERE id = $1', [id]);
      return rows[0] && toUser(rows[0]);
    },
    /** Finds the Teams user behind a Salesforce user: by Entra object id, else by e-mail or UPN. */
    async byAadObjectIdOrEmail(
      tenantId: string,
      aadObjectId: string | null,
      email: string | null,
    ): Promise<TeamsUser | undefined> {
      const rows = await db.query<Row>(
        `SELECT * FROM teams_users
          WHERE tenant_id = $1 AND (aad_object_id = $2 OR lower(email) = lower($3) OR lower(upn) = lower($3))
          ORDER BY (aad_object_id = $2) DESC NULLS LAST LIMIT 1`,
        [tenantId, aadObjectId, email],
      );
      return rows[0] && toUser(rows[0]);
    },
  };
}

/** The narrow port of the users store. */
export type UsersStore = ReturnType<typeof usersStore>;
