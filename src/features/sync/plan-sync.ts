import { buildSoql, idChunks, inList, inSubquery, soqlDateTime } from '../../adapters/salesforce/soql-builder.ts';
import {
  CALENDAR_KEY_FIELD,
  CURRENCY_FIELD,
  RECYCLE_BIN_DAYS,
  SHARED_ACTIVITIES_FIELDS,
  type ReadObject,
} from '../../adapters/salesforce/sf-schema.ts';

/** One read of a sync: which object, the SOQL, and whether its watermark may advance. */
export interface SyncStep {
  object: ReadObject;
  soql: string;
  advancesWatermark: boolean;
  /**
   * Meetings about a key account's case that name no contact (their AccountId is empty): the sync gives each its
   * case's account (`planCaseAccounts`) and reads its attendees by event (`planCaseMeetingRelations`).
   */
  viaCase?: boolean;
}

/** What planning needs to know; all plain data, no I/O. */
interface SyncPlanInput {
  keyAccountFilter: string;
  contactLevelField: string | undefined;
  syncMonths: number;
  watermarks: Partial<Record<ReadObject, Date>>;
  full: boolean;
  now: Date;
  /** Key accounts that were not key at the last sync: their history is read in full. */
  newKeyAccountIds: readonly string[];
  /** A multi-currency org: opportunities are read with their own currency (the field exists only there). */
  multiCurrency?: boolean;
  /**
   * Shared Activities is enabled (the default): EventRelation has IsParent and IsWhat. Without it, rows are invitees
   * only and neither field exists, so the reads name neither.
   */
  sharedActivities?: boolean;
  /**
   * The integration user sees our Event key field (`seesCalendarEvents`): the Events we wrote for confirmed calendar
   * meetings are left out, as each stands for a check-in's calendar row, which counts it.
   */
  calendarEvents?: boolean;
}

/** The currency field to read beside amounts: only a multi-currency org has it (a single-currency org refuses it). */
const currencyField = (multiCurrency: boolean | undefined) => (multiCurrency ? [CURRENCY_FIELD] : []);

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'LIKE', 'INCLUDES', 'EXCLUDES', 'TRUE', 'FALSE', 'NULL']);

/** Prefixes every field of a condition on Account with a relationship (`Key_Account__c` → `Account.Key_Account__c`). */
export function qualifyCondition(condition: string, relationship: string): string {
  return condition.replace(
    /'(?:\\.|[^'\\])*'|\b[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?::\d+)?\b/g,
    (token) => {
      if (token.startsWith("'")) return token;
      if (
        KEYWORDS.has(token.toUpperCase()) ||
        (/^[A-Z_]+(:\d+)?$/.test(token) && /^(TODAY|YESTERDAY|TOMORROW|(LAST|THIS|NEXT)_\w+)/.test(token))
      )
        return token;
      if (/^\d/.test(token)) return token;
      return `${relationship}.${token}`;
    },
  );
}

/** The first day of the month `months` before `now`'s month (UTC): the start of the meeting window. */
function windowStart(now: Date, months: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
}

/**
 * Which Event records are meetings: not an invitee's child copy (`IsChild`), not a Classic recurring series' master
 * (`IsRecurrence = true`, beside its occurrences), not a Lightning event series record (`GroupEventType = '3'`,
 * beside its occurrences). Occurrences themselves are ordinary events and count once each.
 */
const MEETING_EVENT_CONDITIONS = ['IsChild = false', 'IsRecurrence = false', "GroupEventType != '3'"] as const;

/** Nine weeks of cases: this week and the trailing eight the spike test compares against. */
const CASE_LOOKBACK_DAYS = 63;

/**
 * The reads of one sync after the key accounts themselves (always read whole) and before users (which depend
 * on the accounts' owners): contacts, meetings, attendees, open opportunities and recent cases of key accounts,
 * incremental by SystemModstamp unless `full`, plus the whole history of accounts that just became key.
 */
export function planSync(input: SyncPlanInput): SyncStep[] {
  const onAccount = qualifyCondition(input.keyAccountFilter, 'Account');
  const onEventAccount = qualifyCondition(input.keyAccountFilter, 'Event.Account');
  const from = soqlDateTime(windowStart(input.now, input.syncMonths));
  const casesFrom = soqlDateTime(new Date(input.now.getTime() - CASE_LOOKBACK_DAYS * 86_400_000));
  const since = (o: ReadObject) => (input.full ? undefined : input.watermarks[o]);
  const levelField = input.contactLevelField ? [input.contactLevelField] : [];
  const shared = input.sharedActivities ?? true;
  // With Shared Activities a row may be the Event's What (an account), not a person: those are left out.
  const people = shared ? ['IsWhat = false'] : [];
  const relationFields = shared ? {} : { omitFields: SHARED_ACTIVITIES_FIELDS };
  const notOurs = input.calendarEvents ? [`${CALENDAR_KEY_FIELD} = null`] : [];
  const notOursRelation = input.calendarEvents ? [`Event.${CALENDAR_KEY_FIELD} = null`] : [];
  const steps: SyncStep[] = [
    {
      object: 'Contact',
      soql: buildSoql({ object: 'Contact', extraFields: levelField, where: [onAccount], since: since('Contact') }),
      advancesWatermark: true,
    },
    // Before the account's own meetings, which move the Event watermark this read starts from too.
    caseMeetings(inSubquery('WhatId', 'Case', onAccount), from, since('Event')),
    {
      object: 'Event',
      soql: buildSoql({
        object: 'Event',
        where: [onAccount, ...MEETING_EVENT_CONDITIONS, ...notOurs, `StartDateTime >= ${from}`],
        since: since('Event'),
      }),
      advancesWatermark: true,
    },
    {
      object: 'EventRelation',
      soql: buildSoql({
        object: 'EventRelation',
        ...relationFields,
        where: [
          ...people,
          onEventAccount,
          'Event.IsChild = false',
          ...notOursRelation,
          `Event.StartDateTime >= ${from}`,
        ],
        since: since('EventRelation'),
      }),
      advancesWatermark: true,
    },
    {
      object: 'Opportunity',
      // Incremental reads include closed ones, so an opportunity that closed since is marked closed here too.
      soql: buildSoql({
        object: 'Opportunity',
        extraFields: currencyField(input.multiCurrency),
        where: [onAccount, ...(since('Opportunity') ? [] : ['IsClosed = false'])],
        since: since('Opportunity'),
      }),
      advancesWatermark: true,
    },
    {
      object: 'Case',
      soql: buildSoql({ object: 'Case', where: [onAccount, `CreatedDate >= ${casesFrom}`], since: since('Case') }),
      advancesWatermark: true,
    },
    // Read whole each time (teams are small), so someone removed from a team is removed here too.
    {
      object: 'AccountTeamMember',
      soql: buildSoql({ object: 'AccountTeamMember', where: [onAccount] }),
      advancesWatermark: false,
    },
  ];
  if (!input.full && input.newKeyAccountIds.length) {
    for (const ids of idChunks(input.newKeyAccountIds)) {
      const accounts = inList('AccountId', ids);
      steps.push(
        {
          object: 'Contact',
          soql: buildSoql({ object: 'Contact', extraFields: levelField, where: [accounts] }),
          advancesWatermark: false,
        },
        {
          object: 'Event',
          soql: buildSoql({
            object: 'Event',
            where: [accounts, ...MEETING_EVENT_CONDITIONS, ...notOurs, `StartDateTime >= ${from}`],
          }),
          advancesWatermark: false,
        },
        caseMeetings(inSubquery('WhatId', 'Case', accounts), from, undefined),
        {
          object: 'EventRelation',
          soql: buildSoql({
            object: 'EventRelation',
            ...relationFields,
            where: [...people, inList('Event.AccountId', ids), ...notOursRelation, `Event.StartDateTime >= ${from}`],
          }),
          advancesWatermark: false,
        },
        {
          object: 'Opportunity',
          soql: buildSoql({
            object: 'Opportunity',
            extraFields: currencyField(input.multiCurrency),
            where: [accounts, 'IsClosed = false'],
          }),
          advancesWatermark: false,
        },
        {
          object: 'Case',
          soql: buildSoql({ object: 'Case', where: [accounts, `CreatedDate >= ${casesFrom}`] }),
          advancesWatermark: false,
        },
      );
    }
  }
  return steps;
}

/**
 * Meetings about the cases `aboutCases` selects whose AccountId is empty: an Event whose What is a Case and whose Who is
 * no contact (the Event object reference derives AccountId from an account-like What or a contact Who). A semi-join
 * on WhatId, a reference field, as the SOQL reference allows; its watermark is the account meetings' (it reads first).
 */
function caseMeetings(aboutCases: string, from: string, since: Date | undefined): SyncStep {
  return {
    object: 'Event',
    soql: buildSoql({
      object: 'Event',
      extraFields: ['WhatId'],
      where: ['AccountId = null', aboutCases, ...MEETING_EVENT_CONDITIONS, `StartDateTime >= ${from}`],
      since,
    }),
    advancesWatermark: false,
    viaCase: true,
  };
}

/** The cases meetings are about, by id: their AccountId is the meetings' account. */
export function planCaseAccounts(caseIds: readonly string[]): SyncStep[] {
  return idChunks([...new Set(caseIds)].sort()).map((chunk) => ({
    object: 'Case',
    soql: buildSoql({ object: 'Case', where: [inList('Id', chunk)] }),
    advancesWatermark: false,
  }));
}

/**
 * The attendees of the meetings about cases, by event id, read whole each sync (there are few), so an invitee added
 * or removed is seen even when the event itself did not change.
 */
export function planCaseMeetingRelations(eventIds: readonly string[], sharedActivities = true): SyncStep[] {
  return idChunks([...new Set(eventIds)].sort()).map((chunk) => ({
    object: 'EventRelation',
    soql: buildSoql({
      object: 'EventRelation',
      ...(sharedActivities ? {} : { omitFields: SHARED_ACTIVITIES_FIELDS }),
      where: [...(sharedActivities ? ['IsWhat = false'] : []), inList('EventId', chunk)],
    }),
    advancesWatermark: false,
  }));
}

/** The key accounts read: always whole, so an account that stopped being key is noticed. */
export function planKeyAccounts(keyAccountFilter: string, multiCurrency = false): SyncStep {
  return {
    object: 'Account',
    soql: buildSoql({ object: 'Account', extraFields: currencyField(multiCurrency), where: [keyAccountFilter] }),
    advancesWatermark: false,
  };
}

/** Reads of users by id (owners, then their managers), in IN-list chunks. */
export function planUsers(ids: readonly string[]): SyncStep[] {
  return idChunks([...new Set(ids)].sort()).map((chunk) => ({
    object: 'User',
    soql: buildSoql({ object: 'User', where: [inList('Id', chunk)] }),
    advancesWatermark: false,
  }));
}

/** Objects whose deletions an incremental sync reads, so an event deleted or an invitee removed stops counting. */
export const DELETION_OBJECTS = ['Event', 'EventRelation'] as const;

/** How far back of the last check a deletions read starts: our clock and Salesforce's may differ by this much. */
const CLOCK_MARGIN_MS = 5 * 60_000;

/**
 * The queryAll reads of records deleted since deletions were last checked (IsDeleted = true; REST API QueryAll
 * resource), each from a little before that check, so a deletion stamped by a clock slightly behind ours is not
 * missed (reading one twice changes nothing). `checkedAt` falls back to the watermark where no check was recorded.
 */
export function planDeletions(
  checkedAt: Partial<Record<ReadObject, Date>>,
): { object: (typeof DELETION_OBJECTS)[number]; soql: string }[] {
  return DELETION_OBJECTS.flatMap((object) => {
    const last = checkedAt[object];
    if (!last) return [];
    const since = soqlDateTime(new Date(last.getTime() - CLOCK_MARGIN_MS));
    return [
      {
        object,
        soql: `SELECT Id FROM ${object} WHERE IsDeleted = true AND SystemModstamp > ${since} ORDER BY SystemModstamp ASC, Id ASC`,
      },
    ];
  });
}

/**
 * Whether an incremental sync must read meetings and attendees in full: deletions were last checked longer ago
 * than the Recycle Bin keeps them, so some may no longer be visible to queryAll.
 */
export function needsFullRead(checkedAt: Partial<Record<ReadObject, Date>>, now: Date): boolean {
  return DELETION_OBJECTS.some((o) => {
    const last = checkedAt[o];
    return last !== undefined && now.getTime() - last.getTime() > RECYCLE_BIN_DAYS * 86_400_000;
  });
}
