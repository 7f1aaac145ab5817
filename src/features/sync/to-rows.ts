import { contactLevel } from '../../core/domain/contact-level.ts';
import { DEFAULT_MEETING_RULES, isFaceToFace } from '../../core/domain/count-meeting.ts';
import type { RecordOf } from '../../adapters/salesforce/sf-records.ts';
import type { SyncRow } from '../../adapters/store/sync-store.ts';

/** How the org classifies records: which Event types are face-to-face, which Contact field holds the level. */
export interface RowRules {
  faceToFaceTypes: readonly string[];
  contactLevelField: string | undefined;
  /** Whether a blank Event Type counts as face to face (default true, as in `DEFAULT_MEETING_RULES`). */
  blankTypeFaceToFace?: boolean;
}

/** The event's length as Salesforce records it (an all-day event included: 1,440 minutes a day). */
const minutesOf = (e: RecordOf<'Event'>): number => {
  if (e.DurationInMinutes != null) return e.DurationInMinutes;
  if (e.EndDateTime) return Math.max(0, Math.round((e.EndDateTime.getTime() - e.StartDateTime.getTime()) / 60_000));
  return e.IsAllDayEvent ? 1440 : 0;
};

/** Maps validated Salesforce records to rows of the sync tables; pure, so the mapping is tested without I/O. */
export const toRows = {
  Account: (r: RecordOf<'Account'>): SyncRow => ({
    id: r.Id,
    name: r.Name,
    owner_id: r.OwnerId,
    annual_revenue: r.AnnualRevenue,
    currency_iso_code: r.CurrencyIsoCode,
    industry: r.Industry,
    type: r.Type,
    is_key: true,
    modstamp: r.SystemModstamp,
  }),
  User: (r: RecordOf<'User'>): SyncRow => ({
    id: r.Id,
    name: r.Name,
    email: r.Email,
    federation_id: r.FederationIdentifier,
    time_zone: r.TimeZoneSidKey,
    manager_id: r.ManagerId,
    is_active: r.IsActive,
    modstamp: r.SystemModstamp,
  }),
  Contact: (r: RecordOf<'Contact'>, rules: RowRules): SyncRow => ({
    id: r.Id,
    account_id: r.AccountId,
    name: r.Name,
    title: r.Title,
    email: r.Email,
    level: contactLevel(
      rules.contactLevelField ? (r as Record<string, unknown>)[rules.contactLevelField] : undefined,
      r.Title,
    ),
    left_company: r.Pulse_Left_Company__c === true,
    modstamp: r.SystemModstamp,
  }),
  Event: (r: RecordOf<'Event'>, rules: RowRules): SyncRow => ({
    id: r.Id,
    account_id: r.AccountId,
    owner_id: r.OwnerId,
    subject: r.Subject,
    start_at: r.StartDateTime,
    duration_minutes: minutesOf(r),
    is_all_day: r.IsAllDayEvent,
    type: r.Type,
    location: r.Location,
    // Kept for queries that want it; the prefill decides again from `type` with today's settings.
    face_to_face: isFaceToFace(r.Type, {
      ...DEFAULT_MEETING_RULES,
      faceToFaceTypes: rules.faceToFaceTypes,
      blankTypeFaceToFace: rules.blankTypeFaceToFace ?? DEFAULT_MEETING_RULES.blankTypeFaceToFace,
    }),
    who_id: r.WhoId,
    // A meeting about a case: the sync sets the case's account and this (`onCaseAccounts` in run-sync.ts).
    via_case_id: null,
    modstamp: r.SystemModstamp,
  }),
  EventRelation: (r: RecordOf<'EventRelation'>): SyncRow => ({
    id: r.Id,
    event_id: r.EventId,
    relation_id: r.RelationId,
    kind: r.RelationId.startsWith('003') ? 'contact' : r.RelationId.startsWith('005') ? 'user' : 'other',
    status: r.Status,
    is_invitee: r.IsInvitee,
    is_parent: r.IsParent === true,
    modstamp: r.SystemModstamp,
  }),
  Opportunity: (r: RecordOf<'Opportunity'>): SyncRow => ({
    id: r.Id,
    account_id: r.AccountId,
    name: r.Name,
    amount: r.Amount,
    currency_iso_code: r.CurrencyIsoCode,
    close_date: r.CloseDate,
    stage: r.StageName,
    is_closed: r.IsClosed,
    type: r.Type,
    modstamp: r.SystemModstamp,
  }),
  AccountTeamMember: (r: RecordOf<'AccountTeamMember'>): SyncRow => ({
    id: r.Id,
    account_id: r.AccountId,
    user_id: r.UserId,
    role: r.TeamMemberRole,
    modstamp: r.SystemModstamp,
  }),
  Case: (r: RecordOf<'Case'>): SyncRow => ({
    id: r.Id,
    account_id: r.AccountId,
    created_at: r.CreatedDate,
    status: r.Status,
    priority: r.Priority,
    modstamp: r.SystemModstamp,
  }),
};
