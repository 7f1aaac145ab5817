/**
 * Standard fields a real org has that the sync does not read (from the Event, EventRelation, Contact, Account and
 * Lead object references), so the stand-in answers a query naming them as Salesforce would instead of INVALID_FIELD,
 * and the demo org's records carry them as real records do.
 */
export const realOrgFields: Record<string, readonly string[]> = {
  Account: ['ParentId', 'Phone', 'Website', 'BillingCountry', 'NumberOfEmployees', 'CreatedDate', 'LastModifiedDate'],
  Contact: ['FirstName', 'LastName', 'Phone', 'Department', 'ReportsToId', 'CreatedDate', 'LastModifiedDate'],
  Event: [
    'WhatId',
    'Description',
    'ActivityDate',
    'ActivityDateTime',
    'EndDate',
    'ShowAs',
    'IsPrivate',
    'IsGroupEvent',
    'EventSubtype',
    'IsArchived',
    'IsReminderSet',
    'RecurrenceActivityId',
    'RecurrenceStartDateTime',
    'RecurrenceEndDateOnly',
    'RecurrenceType',
    'RecurrenceInterval',
    'RecurrenceDayOfWeekMask',
    'IsRecurrence2',
    'IsRecurrence2Exception',
    'IsRecurrence2Exclusion',
    'Recurrence2PatternText',
    'Recurrence2PatternVersion',
    'Recurrence2PatternStartDate',
    'CreatedDate',
    'LastModifiedDate',
  ],
  EventRelation: ['AccountId', 'RespondedDate', 'Response', 'CreatedDate'],
  Lead: ['Name', 'Company', 'Status', 'Email', 'IsConverted', 'ConvertedContactId'],
  User: ['Username', 'IsActive'],
};
