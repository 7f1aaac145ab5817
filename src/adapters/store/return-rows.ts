import type { Period } from '../../core/domain/period.ts';
import type { MonthlyReturn, ReturnMeetingEntry } from '../../core/domain/monthly-return.ts';

/** A `monthly_returns` row as the driver returns it. */
export interface ReturnRow {
  period: Period;
  account_id: string;
  am_sf_user_id: string;
  status: MonthlyReturn['status'];
  meetings: ReturnMeetingEntry[];
  no_meetings: boolean;
  key_activities: MonthlyReturn['keyActivities'];
  ball_with: MonthlyReturn['ballWith'];
  risk_flags: MonthlyReturn['riskFlags'];
  next_step: string | null;
  client_man_hours: string | number | null;
  our_man_hours: string | number | null;
  submitted_by: string | null;
  submitted_at: Date | string | null;
  stage: number | null;
  joint_plan: boolean;
  shared_measures: boolean;
  people_met?: MonthlyReturn['peopleMet'];
  salesforce_at_save?: MonthlyReturn['salesforceAtSave'];
}

/** A numeric column (PostgreSQL sends `numeric` as text) as a number. */
export const num = (v: string | number | null) => (v === null ? null : Number(v));
/** The row as the domain's return. */
export const toReturn = (r: ReturnRow): MonthlyReturn => ({
  period: r.period,
  accountId: r.account_id,
  amSfUserId: r.am_sf_user_id,
  status: r.status,
  meetings: r.meetings,
  noMeetings: r.no_meetings,
  keyActivities: r.key_activities,
  ballWith: r.ball_with,
  riskFlags: r.risk_flags,
  nextStep: r.next_step,
  clientManHours: num(r.client_man_hours),
  ourManHours: num(r.our_man_hours),
  submittedBy: r.submitted_by,
  submittedAt: r.submitted_at === null ? null : new Date(r.submitted_at),
  stage: (r.stage ?? null) as MonthlyReturn['stage'],
  jointPlan: r.joint_plan,
  sharedMeasures: r.shared_measures,
  peopleMet: r.people_met ?? null,
  salesforceAtSave: r.salesforce_at_save ?? null,
});
