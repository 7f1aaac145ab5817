import type { Clock } from '../../core/domain/clock.ts';
import type { SalesforceSettings } from '../../platform/config/config.ts';
import type { Logger } from '../../platform/log/logger.ts';
import type { Database } from '../../adapters/store/database.ts';
import { syncStore, type SyncRow } from '../../adapters/store/sync-store.ts';
import { type OutboxStore, outboxStore } from '../../adapters/store/outbox-store.ts';
import type { Crm } from '../../adapters/salesforce/salesforce-crm.ts';
import { CALENDAR_KEY_FIELD, type ReadObject } from '../../adapters/salesforce/sf-schema.ts';
import type { RecordOf } from '../../adapters/salesforce/sf-records.ts';
import { drainSalesforceOutbox, type DrainStats } from '../../adapters/salesforce-outbox/drain-salesforce-outbox.ts';
import { ACCESS_RECORD_CODES, SalesforceError } from '../../adapters/salesforce/salesforce-errors.ts';
import {
  DELETION_OBJECTS,
  needsFullRead,
  planDeletions,
  planKeyAccounts,
  planSync,
  planCaseAccounts,
  planCaseMeetingRelations,
  planUsers,
  type SyncStep,
} from './plan-sync.ts';
import { toRows, type RowRules } from './to-rows.ts';
import { readOrgCurrency } from './read-org-currency.ts';
import type { CalendarProgress, CalendarReadSummary } from '../calendar/read-calendars.ts';
import { calendarEventsAccess, hasSharedActivities } from '../../adapters/salesforce/org-setup.ts';

/** Progress of a running sync, for the CLI's progress bar and the logs. */
export type SyncProgress =
  | { phase: 'read'; object: ReadObject; records: number; pages: number; stepTotal: number; stepDone: number }
  | { phase: 'write'; sent: number; total: number }
  | CalendarProgress;

/** What a sync did: per object read, stored and skipped; writes; API calls used and left; time. */
export interface SyncSummary {
  full: boolean;
  dryRun: boolean;
  read: Partial<Record<ReadObject, number>>;
  skipped: Partial<Record<ReadObject, number>>;
  deleted: Partial<Record<ReadObject, number>>;
  newKeyAccounts: number;
  noLongerKey: number;
  writes: DrainStats & { pending: number };
  /** With --dry-run: the writes that would have been sent. */
  wouldWrite?: { object: string; key: string; fields: Record<string, unknown> }[];
  apiCalls: number;
  apiUsage?: { used: number; max: number };
  durationMs: number;
  /** The account managers' calendars, read after Salesforce when they are on (issue 26); an error if the read failed. */
  calendars?: CalendarReadSummary | { error: string };
}

/** What a sync needs. */
interface SyncDeps {
  db: Database;
  crm: Crm;
  settings: SalesforceSettings;
  log: Logger;
  now: Clock;
}

/**
 * Events refused because the integration user could not see or set their key field: the refusals Salesforce gives
 * for a hidden field and for a read-only one. Another refusal that names the field (a 300 for a copied key) stays.
 */
async function requeueHiddenKey(outbox: Pick<OutboxStore, 'requeueFailedNaming'>): Promise<number> {
  let n = 0;
  for (const said of [
    `No such column '${CALENDAR_KEY_FIELD}'`,
    `Unable to create/update fields: ${CALENDAR_KEY_FIELD}`,
  ])
    n += await outbox.requeueFailedNaming('salesforce', 'Event', said);
  return n;
}

/**
 * One sync: key accounts (whole), their owners and managers, then contacts, meetings, attendees, opportunities
 * and cases (incremental by SystemModstamp, or whole with `full`), then the write-back outbox. Each page is
 * stored before the watermark moves, so a crash resumes where it stopped. `dryRun` reads and reports but stores
 * and writes nothing.
 */
export async function runSync(
  deps: SyncDeps,
  options: { full?: boolean; dryRun?: boolean; onProgress?: (p: SyncProgress) => void } = {},
): Promise<SyncSummary> {
  const started = performance.now();
  const dryRun = options.dryRun ?? false;
  const store = syncStore(deps.db);
  // When deletions were last checked (the watermark where no check was recorded yet). A sync after a gap longer than
  // the Recycle Bin keeps deletions reads in full: queryAll may no longer see them.
  const checkedAt = { ...(await store.watermarks()), ...(await store.deletionsCheckedAt()) };
  const stale = !options.full && needsFullRead(checkedAt, deps.now());
  if (stale)
    deps.log.info('the last sync is older than the 15 days Salesforce keeps deletions: reading everything in full');
  const full = (options.full ?? false) || stale;
  const outbox = outboxStore(deps.db);
  const now = deps.now();
  const rules: RowRules = {
    faceToFaceTypes: deps.settings.faceToFaceTypes,
    blankTypeFaceToFace: deps.settings.blankTypeFaceToFace,
    contactLevelField: deps.settings.contactLevelField,
  };
  const summary: SyncSummary = {
    full,
    dryRun,
    read: {},
    skipped: {},
    deleted: {},
    newKeyAccounts: 0,
    noLongerKey: 0,
    writes: { sent: 0, retried: 0, failed: 0, pending: 0 },
    apiCalls: 0,
    durationMs: 0,
  };
  const run = dryRun ? undefined : await store.startRun(full, dryRun);
  const syncedAt = run?.startedAt ?? now;
  // The ids read of the two objects whose ids a later step needs (the key accounts, the users up the chain); the
  // others' hundreds of thousands of ids are not held: a full read finds the unseen ones by their synced_at.
  const seenIds: { Account?: Set<string>; User?: Set<string> } = {};
  const ownerIds = new Set<string>();
  const managerIds = new Set<string>();
  const callsBefore = deps.crm.calls;

  const readStep = async (step: SyncStep) => {
    let pages = 0;
    let stepDone = 0;
    for await (const page of deps.crm.query(step.object, step.soql)) {
      pages += 1;
      stepDone += page.records.length + page.skipped.length;
      const records = page.records as (RecordOf<ReadObject> & { Id: string; SystemModstamp: Date })[];
      summary.read[step.object] = (summary.read[step.object] ?? 0) + records.length;
      summary.skipped[step.object] = (summary.skipped[step.object] ?? 0) + page.skipped.length;
      const ids = step.object === 'Account' || step.object === 'User' ? (seenIds[step.object] ??= new Set()) : null;
      for (const r of records) {
        ids?.add(r.Id);
        if (step.object === 'Account') ownerIds.add((r as RecordOf<'Account'>).OwnerId);
        if (step.object === 'User' && (r as RecordOf<'User'>).ManagerId)
          managerIds.add((r as RecordOf<'User'>).ManagerId!);
      }
      if (!dryRun && records.length) {
        const map = toRows[step.object] as (r: unknown, rules: RowRules) => SyncRow;
        const rows = records.map((r) => map(r, rules));
        await store.upsert(step.object, step.viaCase ? await onCaseAccounts(records, rows) : rows, syncedAt);
        if (step.advancesWatermark) {
          // Records are ordered by SystemModstamp: the page's newest one is a safe point to resume after.
          await store.advanceWatermark(step.object, records[records.length - 1]!.SystemModstamp, full);
        }
      }
      options.onProgress?.({
        phase: 'read',
        object: step.object,
        records: summary.read[step.object] ?? 0,
        pages,
        stepTotal: page.totalSize,
        stepDone,
      });
    }
  };

  /** Meetings about cases get their case's account (and the case), read by id; one whose case is gone is left out. */
  const onCaseAccounts = async (records: readonly { Id: string }[], rows: SyncRow[]): Promise<SyncRow[]> => {
    const caseOf = new Map(records.map((r) => [r.Id, (r as RecordOf<'Event'>).WhatId ?? '']));
    const accountOf = new Map<string, string>();
    for (const step of planCaseAccounts([...caseOf.values()].filter(Boolean)))
      for await (const page of deps.crm.query('Case', step.soql))
        for (const c of page.records as RecordOf<'Case'>[]) accountOf.set(c.Id, c.AccountId);
    return rows.flatMap((row) => {
      const caseId = caseOf.get(row.id as string) ?? '';
      const accountId = accountOf.get(caseId);
      return accountId ? [{ ...row, account_id: accountId, via_case_id: caseId }] : [];
    });
  };

  try {
    // The currency first: it decides whether amounts are read with their own currency (multi-currency orgs only).
    const currency = await readOrgCurrency(deps.crm);
    if (currency && !dryRun) await store.saveOrgCurrency(currency);
    const multiCurrency = currency?.multiCurrency ?? false;
    // How this org records attendance: with Shared Activities EventRelation has IsParent and IsWhat, without it not.
    const sharedActivities = await hasSharedActivities(deps.crm);
    // Our calendar Events, where the integration user sees their key: left out of the reads, and sent again once writable.
    const eventsAccess = await calendarEventsAccess(deps.crm);
    const calendarEvents = eventsAccess !== 'hidden';
    const previouslyKey = await store.keyAccountIds();
    await readStep(planKeyAccounts(deps.settings.keyAccountFilter, multiCurrency));
    const keyNow = seenIds.Account ?? new Set<string>();
    const newKey = previouslyKey.size ? [...keyNow].filter((id) => !previouslyKey.has(id)) : [];
    summary.newKeyAccounts = newKey.length;
    if (!dryRun) summary.noLongerKey = await store.unmarkKeyAccountsNotSeen(syncedAt);

    for (const step of planUsers([...ownerIds])) await readStep(step);
    // Managers of owners, up the chain (sales directors, their VPs), until nobody new turns up.
    for (let level = 0; level < 5; level++) {
      const next = [...managerIds].filter((id) => !seenIds.User?.has(id));
      if (!next.length) break;
      for (const step of planUsers(next)) await readStep(step);
    }

    const watermarks = await store.watermarks();
    // Deletions since the last check: an event deleted or an invitee removed stops counting in every month not yet
    // saved. The next sync asks again from this moment, so nothing deleted meanwhile falls between two checks.
    const checkStartedAt = deps.now();
    if (!full)
      for (const step of planDeletions(checkedAt))
        for await (const ids of deps.crm.deletedIds(step.soql)) {
          const gone = dryRun ? ids.length : await store.deleteIds(step.object, ids);
          summary.deleted[step.object] = (summary.deleted[step.object] ?? 0) + gone;
        }
    const steps = planSync({
      ...deps.settings,
      watermarks,
      full,
      now,
      newKeyAccountIds: newKey,
      multiCurrency,
      sharedActivities,
      calendarEvents,
    });
    for (const step of steps) {
      if (step.viaCase) {
        try {
          await readStep(step);
        } catch (error) {
          // An org that refuses the read (a field hidden from the integration user, a query this org rejects) keeps
          // syncing everything else; the account manager can still add such meetings by hand.
          if (!(error instanceof SalesforceError) || !['BAD_REQUEST', 'FIELD_ACCESS'].includes(error.code)) throw error;
          deps.log.warn({ reason: error.message }, 'meetings about cases not read: Salesforce refused the query');
        }
        continue;
      }
      if (step.object !== 'AccountTeamMember') {
        await readStep(step);
        continue;
      }
      try {
        await readStep(step);
        if (!dryRun) summary.deleted.AccountTeamMember = await store.deleteUnseen('AccountTeamMember', syncedAt);
      } catch (error) {
        if (!(error instanceof SalesforceError)) throw error;
        // The team's role is granted by Pulse_Integration_Account_Teams: without it (an upgrade from the single
        // permission set, say) the rest of the sync goes on, owners alone make up each team, and the log says why.
        if (error.code === 'FIELD_ACCESS')
          deps.log.warn(
            { reason: error.message },
            'account teams not read: assign the Pulse_Integration_Account_Teams permission set to the integration user',
          );
        // Orgs without Account Teams have no such object: owners alone then make up each account's team.
        else if (error.code === 'BAD_REQUEST')
          deps.log.info(
            { reason: error.message },
            'Account Teams are not enabled in this org; owners alone count as the account team',
          );
        else throw error;
      }
    }
    // The attendees of meetings about cases, by event: there is no account on the Event to select them by.
    if (!dryRun)
      for (const step of planCaseMeetingRelations(await store.caseMeetingIds(), sharedActivities)) await readStep(step);
    if (full && !dryRun) {
      for (const object of ['Contact', 'Event', 'EventRelation', 'Opportunity', 'Case'] as const) {
        summary.deleted[object] = await store.deleteUnseen(object, syncedAt);
      }
    }
    if (!dryRun) await store.markDeletionsChecked(DELETION_OBJECTS, checkStartedAt);

    if (dryRun) {
      summary.wouldWrite = (await outbox.undelivered('salesforce')).map((w) => ({
        object: w.object,
        key: w.key,
        fields: (w.payload.fields as Record<string, unknown>) ?? {},
      }));
    } else {
      // Writes Salesforce refused for access get one more try each sync: they land once an admin grants it.
      // So do Events refused before the calendar permission set made their key field visible and editable.
      const again =
        (await outbox.requeueFailed('salesforce', ACCESS_RECORD_CODES)) +
        (eventsAccess === 'writable' ? await requeueHiddenKey(outbox) : 0);
      if (again) deps.log.info({ writes: again }, 'trying again the writes Salesforce refused for access');
      const total = (await outbox.counts('salesforce')).pending;
      const drained = await drainSalesforceOutbox(
        { outbox, crm: deps.crm, log: deps.log },
        { onProgress: (sent) => options.onProgress?.({ phase: 'write', sent, total }) },
      );
      summary.writes = { ...drained, pending: (await outbox.counts('salesforce')).pending };
    }
  } catch (error) {
    summary.apiCalls = deps.crm.calls - callsBefore;
    summary.durationMs = Math.round(performance.now() - started);
    if (run) await store.finishRun(run.id, summary, (error as Error).message);
    throw error;
  }
  summary.apiCalls = deps.crm.calls - callsBefore;
  summary.apiUsage = deps.crm.apiUsage();
  summary.durationMs = Math.round(performance.now() - started);
  if (run) await store.finishRun(run.id, summary);
  deps.log.info(
    {
      read: summary.read,
      skipped: summary.skipped,
      writes: summary.writes,
      apiCalls: summary.apiCalls,
      durationMs: summary.durationMs,
      full,
      dryRun,
    },
    'sync finished',
  );
  return summary;
}
