/**
 * Every Salesforce object and field Partnership Pulse reads or writes, in one place. The SOQL the adapter sends,
 * the outbox payloads, the stand-in's demo org and the SFDX metadata in `salesforce/` all come from here, and a
 * test checks the committed metadata declares exactly the custom fields named here.
 */

/** How a custom field is declared in the metadata. */
export type FieldSpec =
  | { type: 'Checkbox'; label: string; default?: boolean }
  | { type: 'Text'; label: string; length: number; externalId?: boolean; unique?: boolean }
  | { type: 'LongTextArea'; label: string; length: number }
  | { type: 'Number'; label: string; precision: number; scale: number }
  | { type: 'Date' | 'DateTime'; label: string }
  | { type: 'Picklist'; label: string; values: readonly string[] }
  | { type: 'Lookup'; label: string; referenceTo: string; relationshipName: string };

/** Fields read from standard objects (standard fields need no metadata; custom ones are declared below). */
export const readFields = {
  Account: ['Id', 'Name', 'OwnerId', 'AnnualRevenue', 'Industry', 'Type', 'SystemModstamp'],
  User: ['Id', 'Name', 'Email', 'FederationIdentifier', 'TimeZoneSidKey', 'ManagerId', 'IsActive', 'SystemModstamp'],
  Contact: ['Id', 'AccountId', 'Name', 'Title', 'Email', 'Pulse_Left_Company__c', 'SystemModstamp'],
  Event: [
    'Id',
    'AccountId',
    'OwnerId',
    'Subject',
    'StartDateTime',
    'EndDateTime',
    'DurationInMinutes',
    'IsAllDayEvent',
    'Type',
    'Location',
    'WhoId',
    'IsChild',
    'IsRecurrence',
    'GroupEventType',
    'SystemModstamp',
  ],
  /** IsParent and IsWhat exist only where Shared Activities is enabled (`SHARED_ACTIVITIES_FIELDS`). */
  EventRelation: ['Id', 'EventId', 'RelationId', 'IsInvitee', 'IsParent', 'IsWhat', 'Status', 'SystemModstamp'],
  Opportunity: ['Id', 'AccountId', 'Name', 'Amount', 'CloseDate', 'StageName', 'IsClosed', 'Type', 'SystemModstamp'],
  Case: ['Id', 'AccountId', 'CreatedDate', 'Status', 'Priority', 'SystemModstamp'],
  /** Present only where the org enabled Account Teams; the sync skips it otherwise. */
  AccountTeamMember: ['Id', 'AccountId', 'UserId', 'TeamMemberRole', 'SystemModstamp'],
} as const;

/**
 * EventRelation fields an org has only with Shared Activities enabled: without it, EventRelation rows are invitees
 * only and a meeting's contact is its WhoId (EventRelation object reference:
 * https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-eventrelation.html).
 */
export const SHARED_ACTIVITIES_FIELDS = ['IsParent', 'IsWhat'] as const;

/**
 * Days Salesforce keeps deleted records in the Recycle Bin, where queryAll still finds them (IsDeleted = true);
 * after that they are purged and only a full read notices they are gone.
 */
export const RECYCLE_BIN_DAYS = 15;

/**
 * What the sync reads about the org's currencies before the records that hold amounts (docs/SALESFORCE.md,
 * "Currencies"): the org's currency, and in a multi-currency org its currencies and their rates against the corporate
 * one. CurrencyType exists only in a multi-currency org, and so does `CurrencyIsoCode` on Account and Opportunity
 * (`currencyFields`), read only there. Kept apart from `readFields`: nothing of these is stored row by row, and the
 * permission set names none of them (every user reads the Organization and CurrencyType rows).
 */
export const currencyReadFields = {
  Organization: ['Id', 'DefaultCurrencyIsoCode'],
  CurrencyType: ['Id', 'IsoCode', 'ConversionRate', 'IsCorporate'],
} as const;

/**
 * The org-wide default for Accounts (Organization object reference): `None` (Private), `Read` (Public Read Only) or
 * `Edit` (Public Read/Write). Below `Edit`, the Account summary update needs a grant to the integration user.
 */
export const ACCOUNT_SHARING_FIELD = 'DefaultAccountAccess';

/** The field that holds a record's currency in a multi-currency org; a single-currency org has no such field. */
export const CURRENCY_FIELD = 'CurrencyIsoCode';

/** The objects the sync reads. */
export type ReadObject = keyof typeof readFields;

/**
 * The standard fields the sync reads that field-level security governs (`permissionable` in a describe): an
 * integration user sees them only where a permission set grants read, so `Pulse_Integration` grants each one
 * (docs/SALESFORCE.md lists why each is read). The others the sync reads (Id, Name, OwnerId, SystemModstamp, the
 * Event times and flags, EventRelation's fields, required fields such as Opportunity.StageName) are always
 * readable to a user who can read the record, and a permission set may not name them.
 */
export const permissionableReadFields = [
  'Account.AnnualRevenue',
  'Account.Industry',
  'Account.Type',
  'AccountTeamMember.TeamMemberRole',
  'Case.Priority',
  'Contact.AccountId',
  'Contact.Email',
  'Contact.Title',
  'Event.Location',
  'Event.Type',
  'Event.WhoId',
  'Opportunity.Amount',
  'Opportunity.Type',
  'User.FederationIdentifier',
  'User.ManagerId',
] as const;

/**
 * The permissionable fields that exist only where Account Teams is enabled: granted by a permission set of their
 * own (`Pulse_Integration_Account_Teams`), since a permission set naming a field the org lacks fails to deploy.
 */
export const ACCOUNT_TEAMS_FIELDS: readonly string[] = permissionableReadFields.filter((f) =>
  f.startsWith('AccountTeamMember.'),
);

/** Custom fields on standard objects: read (Key_Account__c, contact level) or written (Account summary). */
export const customFieldsOnStandardObjects = {
  Account: {
    Key_Account__c: { type: 'Checkbox', label: 'Key Account', default: false },
    Pulse_Status__c: {
      type: 'Picklist',
      label: 'Pulse Status',
      values: ['Developing', 'Not developing', 'Stalled', 'At risk', 'No data'],
    },
    Pulse_Client_Man_Hours__c: { type: 'Number', label: 'Pulse Client Man-Hours', precision: 8, scale: 1 },
    Pulse_Last_Period__c: { type: 'Text', label: 'Pulse Last Period', length: 7 },
  },
  Contact: {
    Pulse_Level__c: {
      type: 'Picklist',
      label: 'Pulse Contact Level',
      values: ['Executive', 'Management', 'Operational'],
    },
    Pulse_Left_Company__c: { type: 'Checkbox', label: 'Left the Company', default: false },
  },
} as const satisfies Record<string, Record<string, FieldSpec>>;

/**
 * Optional per org (`GRAPH_CALENDAR_WRITE_BACK`, docs/SALESFORCE.md "Calendar meetings as Events"): a calendar meeting
 * the account manager confirmed is written to Salesforce as an Event on the account, upserted by this key. Custom
 * fields of Task and Event are declared on the Activity object (Metadata API), and an Activity text field may be an
 * External ID; the key is the account and the calendar occurrence, so one meeting of two key accounts is two Events.
 */
export const CALENDAR_KEY_FIELD = 'Pulse_Calendar_Key__c';
export const activityCustomFields = {
  Pulse_Calendar_Key__c: { type: 'Text', label: 'Pulse Calendar Key', length: 80, externalId: true },
} as const satisfies Record<string, FieldSpec>;

/**
 * The standard fields of the Events and EventRelations Partnership Pulse writes (Event and EventRelation object
 * references). Description and WhoId are governed by field-level security: the calendar permission set grants edit.
 */
export const calendarWriteFields = {
  Event: [
    'Subject',
    'StartDateTime',
    'EndDateTime',
    'IsAllDayEvent',
    'ActivityDate',
    'DurationInMinutes',
    'OwnerId',
    'WhatId',
    'WhoId',
    'Description',
  ],
  EventRelation: ['EventId', 'RelationId', 'IsParent', 'IsInvitee'],
} as const;

/** The permissionable standard fields the Event write sets, granted edit by `Pulse_Integration_Calendar_Events`. */
export const CALENDAR_EDIT_FIELDS = ['Event.Description', 'Event.WhoId'] as const;

const accountLookup = { type: 'Lookup', label: 'Account', referenceTo: 'Account', relationshipName: '' } as const;
const pulseKey = { type: 'Text', label: 'Pulse Key', length: 80, externalId: true, unique: true } as const;
const period = { type: 'Text', label: 'Period (YYYY-MM)', length: 7 } as const;
const ballWith = { type: 'Picklist', label: 'Who Has the Ball', values: ['Us', 'Client', 'Joint', 'Nobody'] } as const;

/** The custom objects Partnership Pulse writes back; each upserts by its unique external id `Pulse_Key__c`. */
export const customObjects = {
  Pulse_Monthly_Return__c: {
    label: 'Pulse Monthly Return',
    fields: {
      Pulse_Key__c: pulseKey,
      Account__c: { ...accountLookup, relationshipName: 'Pulse_Monthly_Returns' },
      Period__c: period,
      Status__c: { type: 'Picklist', label: 'Status', values: ['Submitted', 'Missing'] },
      Relationship_Stage__c: { type: 'Number', label: 'Relationship Stage (AM)', precision: 1, scale: 0 },
      Joint_Plan__c: { type: 'Checkbox', label: 'Joint Plan in Place', default: false },
      Shared_Measures__c: { type: 'Checkbox', label: 'Measures Shared with Client', default: false },
      Client_Man_Hours__c: { type: 'Number', label: 'Client Man-Hours', precision: 8, scale: 1 },
      Our_Man_Hours__c: { type: 'Number', label: 'Our Man-Hours', precision: 8, scale: 1 },
      Meetings__c: { type: 'Number', label: 'Meetings', precision: 5, scale: 0 },
      Client_People_Met__c: { type: 'Number', label: 'Client People Met', precision: 5, scale: 0 },
      Key_Activities__c: { type: 'Number', label: 'Key Activities', precision: 5, scale: 0 },
      Ball_With__c: ballWith,
      Risk_Flags__c: { type: 'LongTextArea', label: 'Risk Flags', length: 1000 },
      Next_Step__c: { type: 'Text', label: 'Next Step', length: 255 },
      Submitted_By__c: { type: 'Text', label: 'Submitted By', length: 255 },
      Submitted_At__c: { type: 'DateTime', label: 'Submitted At' },
    },
  },
  Pulse_Key_Activity__c: {
    label: 'Pulse Key Activity',
    /** Partnership Pulse deletes these (an account manager removed the activity from a return). */
    deletable: true,
    fields: {
      Pulse_Key__c: pulseKey,
      Account__c: { ...accountLookup, relationshipName: 'Pulse_Key_Activities' },
      Period__c: period,
      Title__c: { type: 'Text', label: 'Title', length: 255 },
      Activity_Type__c: {
        type: 'Picklist',
        label: 'Activity Type',
        values: ['Milestone', 'Workshop', 'Executive meeting', 'Renewal step', 'Other'],
      },
      Activity_Date__c: { type: 'Date', label: 'Activity Date' },
      Ball_With__c: ballWith,
    },
  },
  Pulse_Rating__c: {
    label: 'Pulse Rating',
    fields: {
      Pulse_Key__c: pulseKey,
      Account__c: { ...accountLookup, relationshipName: 'Pulse_Ratings' },
      Round__c: { type: 'Text', label: 'Rating Round', length: 20 },
      Element__c: { type: 'Text', label: 'Element', length: 120 },
      Side__c: { type: 'Picklist', label: 'Side', values: ['Client', 'Internal'] },
      Performance__c: { type: 'Number', label: 'Average Performance', precision: 3, scale: 2 },
      Importance__c: { type: 'Number', label: 'Average Importance', precision: 3, scale: 2 },
      Responses__c: { type: 'Number', label: 'Responses', precision: 5, scale: 0 },
      Perception_Gap__c: { type: 'Number', label: 'Perception Gap', precision: 3, scale: 2 },
    },
  },
  // One record per closed rating round (issue 27, item 5): its response rate, written back with the round.
  Pulse_Rating_Round__c: {
    label: 'Pulse Rating Round',
    fields: {
      Pulse_Key__c: pulseKey,
      Account__c: { ...accountLookup, relationshipName: 'Pulse_Rating_Rounds' },
      Opened_Date__c: { type: 'Date', label: 'Opened' },
      Closed_Date__c: { type: 'Date', label: 'Closed' },
      Client_Raters__c: { type: 'Number', label: 'Client Members Who Rated', precision: 5, scale: 0 },
      Client_Members__c: { type: 'Number', label: 'Client Members at Close', precision: 5, scale: 0 },
      Response_Rate__c: { type: 'Number', label: 'Response Rate (%)', precision: 4, scale: 1 },
      Internal_Raters__c: { type: 'Number', label: 'Account Team Members Who Rated', precision: 5, scale: 0 },
    },
  },
  Pulse_Action__c: {
    label: 'Pulse Action',
    fields: {
      Pulse_Key__c: pulseKey,
      Account__c: { ...accountLookup, relationshipName: 'Pulse_Actions' },
      Title__c: { type: 'Text', label: 'Title', length: 200 },
      Element__c: { type: 'Text', label: 'Element', length: 120 },
      // The owner's side only: a person's name stays in Teams (erasable there), as a rater's does.
      Owner_Side__c: { type: 'Picklist', label: 'Owner Side', values: ['Ours', 'Client'] },
      Due_Date__c: { type: 'Date', label: 'Due Date' },
      Status__c: { type: 'Picklist', label: 'Status', values: ['Proposed', 'Open', 'Done', 'Dropped'] },
      Visibility__c: { type: 'Picklist', label: 'Visibility', values: ['Joint', 'Internal'] },
      Done_Date__c: { type: 'Date', label: 'Done Date' },
    },
  },
  Pulse_Scorecard__c: {
    label: 'Pulse Scorecard',
    fields: {
      Pulse_Key__c: pulseKey,
      Account__c: { ...accountLookup, relationshipName: 'Pulse_Scorecards' },
      Period__c: period,
      Status__c: {
        type: 'Picklist',
        label: 'Status',
        values: ['Developing', 'Not developing', 'Stalled', 'At risk', 'No data'],
      },
      Developing__c: { type: 'Checkbox', label: 'Developing', default: false },
      Client_Man_Hours__c: { type: 'Number', label: 'Client Man-Hours', precision: 8, scale: 1 },
      Client_Man_Hours_Change__c: { type: 'Number', label: 'Change vs Last Month', precision: 8, scale: 1 },
      People_Met__c: { type: 'Number', label: 'Client People Met', precision: 5, scale: 0 },
      Levels_Reached__c: { type: 'Number', label: 'Levels Reached', precision: 1, scale: 0 },
      Key_Activities__c: { type: 'Number', label: 'Key Activities', precision: 5, scale: 0 },
      Open_Risks__c: { type: 'Number', label: 'Open Risk Flags', precision: 3, scale: 0 },
      Performance_Index__c: { type: 'Number', label: 'Client Performance Index', precision: 5, scale: 1 },
      Relationship_Stage__c: { type: 'Number', label: 'Relationship Stage', precision: 1, scale: 0 },
      Data_Complete__c: { type: 'Checkbox', label: 'Data Complete', default: false },
      // The action loop (issue 27): how the joint plan stood on the month's last day.
      Open_Actions__c: { type: 'Number', label: 'Open Actions', precision: 5, scale: 0 },
      Overdue_Actions__c: { type: 'Number', label: 'Overdue Actions', precision: 5, scale: 0 },
      Priorities_With_Action__c: { type: 'Number', label: 'Priorities With an Action', precision: 3, scale: 0 },
      Priorities__c: { type: 'Number', label: 'Priorities for Action', precision: 3, scale: 0 },
      Actions_Closed__c: { type: 'Number', label: 'Actions Closed', precision: 5, scale: 0 },
      Actions_Closed_On_Time__c: { type: 'Number', label: 'Actions Closed on Time', precision: 5, scale: 0 },
      Oldest_Open_Irritant_Days__c: { type: 'Number', label: 'Oldest Open Irritant (Days)', precision: 5, scale: 0 },
      // The latest closed rating round's: client members who rated, of the shared channel's at its close (%).
      Response_Rate__c: { type: 'Number', label: 'Rating Response Rate (%)', precision: 4, scale: 1 },
    },
  },
} as const satisfies Record<string, { label: string; deletable?: true; fields: Record<string, FieldSpec> }>;

/** The custom objects written through the outbox. */
export type WriteObject = keyof typeof customObjects;
/** The custom objects Partnership Pulse may delete records of (the permission set grants it). */
export type DeletableObject = {
  [O in WriteObject]: (typeof customObjects)[O] extends { deletable: true } ? O : never;
}[WriteObject];
/** The fields of one custom object; outbox payloads are typed by them, so they cannot name an undeclared field. */
export type WriteFields<O extends WriteObject> = keyof (typeof customObjects)[O]['fields'];

/** The external id every custom object upserts by. */
export const EXTERNAL_ID_FIELD = 'Pulse_Key__c';

/** Every custom field the code names, as `Object.Field`: what the metadata must declare, no more, no less. */
export function customFieldsUsed(): string[] {
  const out: string[] = [];
  for (const [object, fields] of Object.entries(customFieldsOnStandardObjects))
    for (const f of Object.keys(fields)) out.push(`${object}.${f}`);
  for (const [object, spec] of Object.entries(customObjects))
    for (const f of Object.keys(spec.fields)) out.push(`${object}.${f}`);
  for (const f of Object.keys(activityCustomFields)) out.push(`Activity.${f}`);
  return out.sort();
}
