import type { Crm } from './salesforce-crm.ts';
import { CALENDAR_KEY_FIELD, SHARED_ACTIVITIES_FIELDS } from './sf-schema.ts';

/**
 * Whether the org has Shared Activities enabled: its EventRelation describe lists IsParent and IsWhat, which exist
 * only then (EventRelation object reference). One describe call; the sync and `npm run doctor` ask the same way.
 */
export async function hasSharedActivities(crm: Pick<Crm, 'fieldNames'>): Promise<boolean> {
  const fields = await crm.fieldNames('EventRelation');
  return SHARED_ACTIVITIES_FIELDS.every((f) => fields.has(f));
}

/**
 * Whether the integration user sees the Event key field Partnership Pulse writes calendar meetings by: the
 * `Pulse_Integration_Calendar_Events` permission set is assigned, so Events of ours may exist and the sync leaves
 * them out (each stands for a calendar row of a saved check-in, which counts it).
 */
async function seesCalendarEvents(crm: Pick<Crm, 'fieldNames'>): Promise<boolean> {
  return (await crm.fieldNames('Event')).has(CALENDAR_KEY_FIELD);
}

/**
 * How far the integration user may write calendar meetings as Events, as `npm run doctor` reports it: the key field
 * editable (the calendar permission set's field permission), only readable, or hidden.
 */
export async function calendarEventsAccess(
  crm: Pick<Crm, 'fieldNames' | 'editableFields'>,
): Promise<OrgSetup['calendarEvents']> {
  if (!(await seesCalendarEvents(crm))) return 'hidden';
  return (await crm.editableFields('Event')).has(CALENDAR_KEY_FIELD) ? 'writable' : 'read-only';
}

/** What the product does in each attendance set-up, as `npm run doctor` and the sync's log say it. */
function sharedActivitiesText(on: boolean): string {
  return on
    ? 'Shared Activities on: a meeting’s contacts are its related contacts and invitees (EventRelation IsParent, IsInvitee)'
    : 'Shared Activities off: a meeting’s contact is its WhoId, and its invitees are EventRelation rows';
}

/** How an org is set up, as far as the product reads and writes it (docs/SALESFORCE.md, "Org set-ups"). */
export interface OrgSetup {
  sharedActivities: boolean;
  /** on; off (no AccountTeamMember object); hidden (on, but the integration user may not read the team's role). */
  accountTeams: 'on' | 'off' | 'hidden';
  /** The currency codes' field on Account exists: a multi-currency org. */
  multiCurrency: boolean;
  /** Organization.DefaultAccountAccess (None, Read, Edit); undefined when it could not be read. */
  accountAccess: string | undefined;
  /** Whether the integration user may write our Event key field (`calendarEventsAccess`). */
  calendarEvents: 'writable' | 'read-only' | 'hidden';
}

const SHARING_NAMES: Record<string, string> = {
  None: 'Private',
  Read: 'Public Read Only',
  Edit: 'Public Read/Write',
};

/** One line a set-up part, as `npm run doctor` prints them. */
export function orgSetupText(setup: OrgSetup): string {
  const teams = {
    on: 'Account Teams on: each account team is its owner and AccountTeamMember rows',
    off: 'Account Teams off (no AccountTeamMember): each account team is its owner',
    hidden: 'Account Teams on, but AccountTeamMember.TeamMemberRole is hidden from the integration user: owners only',
  }[setup.accountTeams];
  const currency = setup.multiCurrency
    ? 'multi-currency: amounts are converted to the corporate currency (CurrencyType rates)'
    : "single currency: amounts are in the org's currency";
  const sharing =
    setup.accountAccess === undefined
      ? 'Account sharing unknown (Organization.DefaultAccountAccess not readable)'
      : setup.accountAccess === 'Edit'
        ? 'Account sharing Public Read/Write: the Account summary update needs no grant'
        : `Account sharing ${SHARING_NAMES[setup.accountAccess] ?? setup.accountAccess}: the integration user must be ` +
          'able to edit key accounts (a sharing rule, or Modify All on Account in its permission set), else their ' +
          'summary updates are refused and parked until it is (salesforce write-back)';
  const events = {
    writable:
      'calendar Events granted (Pulse_Integration_Calendar_Events): confirmed calendar meetings can be written as Events, and the sync leaves them out',
    'read-only': `calendar Events read only: ${CALENDAR_KEY_FIELD} is visible but not editable, so Events cannot be written`,
    hidden: 'calendar Events not granted: confirmed calendar meetings are not written to Salesforce',
  }[setup.calendarEvents];
  return [sharedActivitiesText(setup.sharedActivities), teams, currency, sharing, events].join('; ');
}
