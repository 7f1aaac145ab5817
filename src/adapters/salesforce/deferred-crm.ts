import type { Crm } from './salesforce-crm.ts';

/**
 * The Crm port over a connection made on the first call, or when the server asks (`connect`, right after it
 * listens): each call waits for it, then goes to the real adapter. A connection that fails is not kept: the next
 * call (the next sync) connects again, so Salesforce being down or misconfigured never takes the bot down with it.
 * Loading jsforce, starting the demo org and the first token took a fifth of a start before the server could answer
 * Teams; the sync, the write-back and the metrics reach Salesforce only through this port.
 */
export function deferredCrm(open: () => Promise<Crm>): Crm & { connect(): Promise<Crm>; settled(): Promise<void> } {
  let crm: Crm | undefined;
  let opening: Promise<Crm> | undefined;
  const connect = () => {
    opening ??= open().then(
      (c) => (crm = c),
      (error: unknown) => {
        opening = undefined;
        throw error;
      },
    );
    return opening;
  };
  return {
    connect,
    /** Waits for a connection attempt in progress, if any, whatever its outcome. */
    async settled() {
      await opening?.catch(() => undefined);
    },
    async *query(object, soql) {
      yield* (await connect()).query(object, soql);
    },
    upsert: async (object, records, externalIdField) => (await connect()).upsert(object, records, externalIdField),
    update: async (object, records) => (await connect()).update(object, records),
    create: async (object, records) => (await connect()).create(object, records),
    deleteByExternalId: async (object, value, externalIdField) =>
      (await connect()).deleteByExternalId(object, value, externalIdField),
    async *deletedIds(soql) {
      yield* (await connect()).deletedIds(soql);
    },
    fieldNames: async (object) => (await connect()).fieldNames(object),
    editableFields: async (object) => (await connect()).editableFields(object),
    apiUsage: () => crm?.apiUsage(),
    get calls() {
      return crm?.calls ?? 0;
    },
  };
}
