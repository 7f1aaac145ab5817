import { z } from 'zod';

const id = z.string().regex(/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/, 'must be a Salesforce id');
/** Salesforce datetimes: `2013-05-20T20:49:32.000+0000`. */
const dateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/, 'must be a datetime')
  .transform((s) => new Date(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')))
  .refine((d) => !Number.isNaN(d.getTime()), 'must be a valid datetime');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)');
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const num = z
  .number()
  .nullish()
  .transform((v) => v ?? null);
/** An ISO 4217 code, as Salesforce's currency fields hold them (USD, EUR, GBP). */
const isoCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code');
/** A record's own currency: only a multi-currency org has the field (absent, it is the org's currency). */
const recordCurrency = isoCode.nullish().transform((v) => v ?? null);

/** A key account as the sync stores it. */
const keyAccountRecord = z.object({
  Id: id,
  Name: z.string().min(1),
  OwnerId: id,
  AnnualRevenue: num,
  CurrencyIsoCode: recordCurrency,
  Industry: text,
  Type: text,
  SystemModstamp: dateTime,
});

/** An owner or manager, with what maps them to a Teams user. */
const userRecord = z.object({
  Id: id,
  Name: z.string(),
  Email: text,
  FederationIdentifier: text,
  TimeZoneSidKey: text,
  ManagerId: id.nullish().transform((v) => v ?? null),
  IsActive: z.boolean(),
  SystemModstamp: dateTime,
});

/** A client person on a key account. */
const contactRecord = z
  .object({
    Id: id,
    AccountId: id,
    Name: z.string(),
    Title: text,
    Email: text,
    Pulse_Left_Company__c: z.boolean().nullish(),
    SystemModstamp: dateTime,
  })
  .loose();

/**
 * A meeting. Salesforce allows 0-minute events and events of up to 14 days (all-day ones included), so those are
 * valid here; how many hours they contribute is the prefill's rule (`domain/count-meeting.ts`), not a parse error.
 */
const eventRecord = z
  .object({
    Id: id,
    /** Null for a meeting whose What is a Case and whose Who is no contact: read through its case (`viaCase`). */
    AccountId: id.nullable(),
    /** Read only with meetings about cases: the Case they are about. */
    WhatId: id.nullish(),
    OwnerId: id,
    Subject: text,
    StartDateTime: dateTime,
    EndDateTime: dateTime.nullish(),
    DurationInMinutes: z
      .number()
      .int()
      .min(0, 'must not be negative')
      .max(14 * 1440, 'must be at most 14 days')
      .nullish(),
    IsAllDayEvent: z.boolean(),
    Type: text,
    Location: text,
    WhoId: id.nullish().transform((v) => v ?? null),
    IsChild: z.boolean(),
    IsRecurrence: z.boolean().nullish(),
    GroupEventType: text,
    SystemModstamp: dateTime,
  })
  .refine(
    (e) => e.IsAllDayEvent || e.DurationInMinutes != null || e.EndDateTime != null,
    'needs DurationInMinutes or EndDateTime',
  );

/** An attendee of a meeting: a contact (003…) or one of our users (005…). */
const eventRelationRecord = z.object({
  Id: id,
  EventId: id,
  RelationId: id,
  IsInvitee: z.boolean(),
  /** Shared Activities: the row is one of the Event's related contacts (its Who), not (only) an invitee. */
  IsParent: z.boolean().nullish(),
  /** Shared Activities only: the row is the Event's What (an account, an opportunity), not a person. */
  IsWhat: z.boolean().nullish(),
  Status: text,
  SystemModstamp: dateTime,
});

/** An open opportunity. */
const opportunityRecord = z.object({
  Id: id,
  AccountId: id,
  Name: z.string(),
  Amount: num,
  CurrencyIsoCode: recordCurrency,
  CloseDate: date,
  StageName: z.string(),
  IsClosed: z.boolean(),
  Type: text,
  SystemModstamp: dateTime,
});

/** A support case, counted per week for spikes. */
const caseRecord = z.object({
  Id: id,
  AccountId: id,
  CreatedDate: dateTime,
  Status: text,
  Priority: text,
  SystemModstamp: dateTime,
});

/** A member of an account's team in Salesforce (who, besides the owner, may link the account's channel). */
const accountTeamMemberRecord = z.object({
  Id: id,
  AccountId: id,
  UserId: id,
  TeamMemberRole: text,
  SystemModstamp: dateTime,
});

/** The org itself: its currency (a single-currency org's only one; a multi-currency org's corporate one). */
const organizationRecord = z.object({ Id: id, DefaultCurrencyIsoCode: isoCode });

/** One currency of a multi-currency org: its rate is how many of it make one of the corporate currency. */
const currencyTypeRecord = z.object({
  Id: id,
  IsoCode: isoCode,
  ConversionRate: z.number().positive('must be a positive rate'),
  IsCorporate: z.boolean(),
});

/** The zod schema of each object the sync reads. */
export const recordSchemas = {
  Account: keyAccountRecord,
  User: userRecord,
  Contact: contactRecord,
  Event: eventRecord,
  EventRelation: eventRelationRecord,
  Opportunity: opportunityRecord,
  Case: caseRecord,
  AccountTeamMember: accountTeamMemberRecord,
  Organization: organizationRecord,
  CurrencyType: currencyTypeRecord,
} as const;

/** The parsed record of one object. */
export type RecordOf<O extends keyof typeof recordSchemas> = z.infer<(typeof recordSchemas)[O]>;
