import type { z } from 'zod';
import type { Logger } from '../../platform/log/logger.ts';
import type { SalesforceConnection, RefreshBreaker } from './connect-salesforce.ts';
import { recordSchemas, type RecordOf } from './sf-records.ts';
import { explainInvalidField, SalesforceError, toSalesforceError } from './salesforce-errors.ts';
import { fitRecord } from './fit-to-schema.ts';
import { EXTERNAL_ID_FIELD, type DeletableObject, type WriteObject } from './sf-schema.ts';

/** One page of parsed records, with the ones that failed validation and why. */
interface Page<T> {
  records: T[];
  /** How many records the whole query matches (Salesforce's totalSize). */
  totalSize: number;
  skipped: { id: string | undefined; reason: string }[];
}

/** One record's outcome of an upsert, as Salesforce reported it. */
export interface UpsertOutcome {
  success: boolean;
  id?: string;
  created?: boolean;
  errors: { statusCode: string; message: string }[];
}

/** The Salesforce port in our terms: paged reads of validated records, collection upserts, API usage. */
export interface Crm {
  /** Pages of a SOQL query over `object`, parsed and validated; never holds more than one page. */
  query<O extends keyof typeof recordSchemas>(object: O, soql: string): AsyncGenerator<Page<RecordOf<O>>>;
  /** Upserts up to 200 records by their external id; per-record outcomes in order. */
  upsert(
    object: WriteObject | 'Event',
    records: Record<string, unknown>[],
    externalIdField?: string,
  ): Promise<UpsertOutcome[]>;
  /**
   * Creates up to 200 records (`POST /composite/sobjects`): how a written Event's attendees are related to it, since
   * EventRelation has no external id to upsert by.
   */
  create(object: 'EventRelation', records: Record<string, unknown>[]): Promise<UpsertOutcome[]>;
  /**
   * Updates up to 200 existing records by their Salesforce `Id` (`PATCH /composite/sobjects`): how the Account
   * summary is written, since a collection upsert goes by external id only.
   */
  update(object: 'Account', records: (Record<string, unknown> & { Id: string })[]): Promise<UpsertOutcome[]>;
  /** Deletes the record whose external id is `value`; 'absent' when there is none (already deleted, or never sent). */
  deleteByExternalId(
    object: DeletableObject | 'Event',
    value: string,
    externalIdField?: string,
  ): Promise<'deleted' | 'absent'>;
  /**
   * Pages of the ids a `SELECT Id ... WHERE IsDeleted = true` query finds with queryAll (deleted records still in
   * the Recycle Bin; REST API QueryAll resource).
   */
  deletedIds(soql: string): AsyncGenerator<string[]>;
  /** The names of the fields of `object` the integration user can see (`GET /sobjects/{object}/describe`). */
  fieldNames(object: string): Promise<Set<string>>;
  /** The fields of `object` the integration user may set on create and update (describe: createable, updateable). */
  editableFields(object: string): Promise<Set<string>>;
  /** API requests used and allowed today, from the last Sforce-Limit-Info header. */
  apiUsage(): { used: number; max: number } | undefined;
  /** API calls this adapter made. */
  readonly calls: number;
}

type QueryResult = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: Record<string, unknown>[] };

/** The jsforce adapter behind the Crm port. */
export function salesforceCrm(conn: SalesforceConnection, breaker: RefreshBreaker, log: Logger): Crm {
  let calls = 0;
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    calls += 1;
    try {
      const result = await fn();
      breaker.success();
      return result;
    } catch (error) {
      throw toSalesforceError(error);
    }
  };
  /**
   * One sObject Collections write: every record fitted to the metadata first (a value that cannot fit is refused
   * here, as Salesforce would, and not sent), each with `attributes.type`; outcomes in the order given.
   */
  const send = async (
    object: string,
    records: Record<string, unknown>[],
    url: string,
    method: 'PATCH' | 'POST' = 'PATCH',
  ): Promise<UpsertOutcome[]> => {
    if (records.length > 200) throw new Error('a collection write takes at most 200 records per call');
    const fitted = records.map((r) => fitRecord(object, r));
    const sendable = fitted.flatMap((f) => (f.ok ? [f.record] : []));
    const results = sendable.length
      ? await call(() =>
          conn.request<UpsertOutcome[]>({
            method,
            url,
            body: JSON.stringify({
              allOrNone: false,
              records: sendable.map((r) => ({ attributes: { type: object }, ...r })),
            }),
            headers: { 'content-type': 'application/json' },
          }),
        )
      : [];
    let next = 0;
    return fitted.map((f) => {
      if (!f.ok) return { success: false, errors: [{ statusCode: f.error.statusCode, message: f.error.message }] };
      const r = results[next++];
      return {
        success: r?.success ?? false,
        id: r?.id,
        created: r?.created,
        errors: (r?.errors ?? []).map((e) => ({ statusCode: e.statusCode, message: e.message })),
      };
    });
  };
  const describe = async (object: string) =>
    (
      await call(() =>
        conn.request<{ fields?: { name?: unknown; createable?: unknown; updateable?: unknown }[] }>({
          method: 'GET',
          url: `/services/data/v${conn.version}/sobjects/${encodeURIComponent(object)}/describe`,
        }),
      )
    ).fields ?? [];
  return {
    get calls() {
      return calls;
    },
    // jsforce keeps the last Sforce-Limit-Info header it saw.
    apiUsage: () => {
      const u = conn.limitInfo?.apiUsage;
      return u ? { used: u.used, max: u.limit } : undefined;
    },
    async *query(object, soql) {
      const schema = recordSchemas[object] as z.ZodType;
      // autoFetch off and queryMore by hand: jsforce's Query would keep every page and stop silently at maxFetch.
      let page = await call(
        () => conn.query(soql, { autoFetch: false, scanAll: false }) as unknown as Promise<QueryResult>,
      ).catch((error: unknown) => {
        throw error instanceof SalesforceError ? explainInvalidField(error) : error;
      });
      for (;;) {
        const out: Page<never> = { records: [], totalSize: page.totalSize, skipped: [] };
        for (const raw of page.records) {
          const parsed = schema.safeParse(raw);
          if (parsed.success) out.records.push(parsed.data as never);
          else {
            const reason = parsed.error.issues.map((i) => `${i.path.join('.') || object}: ${i.message}`).join('; ');
            out.skipped.push({ id: typeof raw.Id === 'string' ? raw.Id : undefined, reason });
            log.warn({ object, id: raw.Id, reason }, 'skipped a malformed Salesforce record');
          }
        }
        yield out;
        if (page.done || !page.nextRecordsUrl) return;
        const locator = page.nextRecordsUrl;
        page = await call(() => conn.queryMore(locator) as unknown as Promise<QueryResult>);
      }
    },
    async *deletedIds(soql) {
      const ids = (page: QueryResult) =>
        page.records.flatMap((r) => (typeof r.Id === 'string' && /^[A-Za-z0-9]{15,18}$/.test(r.Id) ? [r.Id] : []));
      let page = await call(
        () => conn.query(soql, { autoFetch: false, scanAll: true }) as unknown as Promise<QueryResult>,
      );
      for (;;) {
        yield ids(page);
        if (page.done || !page.nextRecordsUrl) return;
        const locator = page.nextRecordsUrl;
        page = await call(() => conn.queryMore(locator) as unknown as Promise<QueryResult>);
      }
    },
    async fieldNames(object) {
      return new Set((await describe(object)).flatMap((f) => (typeof f.name === 'string' ? [f.name] : [])));
    },
    async editableFields(object) {
      return new Set(
        (await describe(object)).flatMap((f) =>
          typeof f.name === 'string' && f.createable === true && f.updateable === true ? [f.name] : [],
        ),
      );
    },
    async upsert(object, records, externalIdField = EXTERNAL_ID_FIELD) {
      if (externalIdField === 'Id')
        throw new Error('a collection upsert goes by external id only: use update() to write by Id');
      return send(
        object,
        records,
        `/services/data/v${conn.version}/composite/sobjects/${object}/${encodeURIComponent(externalIdField)}`,
      );
    },
    async update(object, records) {
      return send(object, records, `/services/data/v${conn.version}/composite/sobjects`);
    },
    async create(object, records) {
      return send(object, records, `/services/data/v${conn.version}/composite/sobjects`, 'POST');
    },
    async deleteByExternalId(object, value, externalIdField = EXTERNAL_ID_FIELD) {
      try {
        await call(() =>
          conn.request({
            method: 'DELETE',
            url: `/services/data/v${conn.version}/sobjects/${object}/${externalIdField}/${encodeURIComponent(value)}`,
          }),
        );
        return 'deleted';
      } catch (error) {
        if (error instanceof SalesforceError && error.code === 'NOT_FOUND') return 'absent';
        throw error;
      }
    },
  };
}
