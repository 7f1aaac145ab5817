import type { Queryable } from './database.ts';
import type { Period } from '../../core/domain/period.ts';
import type { MonthlyReturn, ReturnAnswers } from '../../core/domain/monthly-return.ts';
import { OUTBOX_REQUEUE } from './outbox-store.ts';
import { type ReturnRow, toReturn } from './return-rows.ts';
import { type PeopleMetAsk, peopleMetSql, peopleMetWindows } from './people-met-sql.ts';

/**
 * A Salesforce write a save queues if it changed the return. `ifActivitiesBefore: n` queues it only if the
 * submitted return had more than `n` key activities before (the delete of an activity the edit removed). `always`
 * queues it even when the save changed nothing (a calendar meeting's Event: an unchanged save sends an Event again
 * only if it was parked, as any enqueue of an unchanged, delivered payload does nothing). `countPeopleMetAs: F` sets
 * the payload's field F to how many client people the save counted as met (`SavedFromSalesforce.peopleMet`).
 */
export interface QueuedWrite {
  object: string;
  key: string;
  payload: Record<string, unknown>;
  ifActivitiesBefore?: number;
  always?: boolean;
  countPeopleMetAs?: string;
}

/** What is saved: the return's key, its answers and figures, and who submitted it. */
interface Submission {
  period: Period;
  accountId: string;
  amSfUserId: string;
  answers: ReturnAnswers;
  hours: { client: number; ours: number };
  submittedBy: string;
  /** When it was saved, by the use case's clock (the same instant Salesforce gets as Submitted_At__c). */
  submittedAt: Date;
  /** What the save records of Salesforce as it is now: the contacts met (the month's breadth from then on), and
   * the figures of each meeting the form held. */
  atSave: SavedFromSalesforce;
}

/**
 * What a save records of Salesforce as it was then: the client people met in the month's meetings the return kept
 * (and its calendar meetings' contacts), counted in the save's own statement (`peopleMetSql`, the one definition),
 * and what Salesforce said of each meeting the form held.
 */
export interface SavedFromSalesforce {
  peopleMet: Omit<PeopleMetAsk, 'includeDeleted'>;
  salesforce: NonNullable<MonthlyReturn['salesforceAtSave']>;
}

/**
 * The people a save counted as met, as the JSON list `people` it stores: from `peopleMetSql` on the window `$19`;
 * or none without reading, when the return kept no meeting and named no calendar contact (then the definition
 * has nothing to count: both of its parts match only the ids they are given).
 */
const metList = (counted: boolean) =>
  counted
    ? `met AS (${peopleMetSql('$2', '$19')}
 ), met_list AS (
   SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'level', level) ORDER BY id), '[]'::jsonb) AS people FROM met`
    : `met_list AS (SELECT '[]'::jsonb AS people`;

/** The save's one statement, with its people met counted or known to be none (each built once: its text is the
 * prepared statement's key). */
const submitReturnSql = (counted: boolean) => `WITH ${metList(counted)}
 ), before AS (
   SELECT CASE WHEN status = 'submitted' THEN jsonb_array_length(key_activities) ELSE 0 END AS n
     FROM monthly_returns WHERE period = $1 AND account_id = $2
 ), up AS (
 INSERT INTO monthly_returns (period, account_id, am_sf_user_id, status, meetings, no_meetings, key_activities, ball_with, risk_flags, next_step,
                              client_man_hours, our_man_hours, submitted_by, submitted_at, stage, joint_plan, shared_measures, people_met,
                              salesforce_at_save)
 VALUES ($1, $2, $3, 'submitted', $4, $5, $6, $7, $8, $9, $10, $11, $12, $17, $13, $14, $15, (SELECT people FROM met_list), $18)
 ON CONFLICT (period, account_id) DO UPDATE SET status = 'submitted', am_sf_user_id = EXCLUDED.am_sf_user_id, meetings = EXCLUDED.meetings,
   no_meetings = EXCLUDED.no_meetings, key_activities = EXCLUDED.key_activities, ball_with = EXCLUDED.ball_with, risk_flags = EXCLUDED.risk_flags,
   next_step = EXCLUDED.next_step, client_man_hours = EXCLUDED.client_man_hours, our_man_hours = EXCLUDED.our_man_hours,
   submitted_by = EXCLUDED.submitted_by, submitted_at = EXCLUDED.submitted_at, stage = EXCLUDED.stage,
   joint_plan = EXCLUDED.joint_plan, shared_measures = EXCLUDED.shared_measures, people_met = EXCLUDED.people_met,
   salesforce_at_save = EXCLUDED.salesforce_at_save, updated_at = now()
 WHERE monthly_returns.status <> 'submitted' OR monthly_returns.people_met IS NULL
    OR monthly_returns.salesforce_at_save IS DISTINCT FROM EXCLUDED.salesforce_at_save
    OR (monthly_returns.meetings, monthly_returns.no_meetings, monthly_returns.key_activities, monthly_returns.ball_with,
        monthly_returns.risk_flags, monthly_returns.next_step, monthly_returns.stage, monthly_returns.joint_plan, monthly_returns.shared_measures)
        IS DISTINCT FROM (EXCLUDED.meetings, EXCLUDED.no_meetings, EXCLUDED.key_activities, EXCLUDED.ball_with, EXCLUDED.risk_flags, EXCLUDED.next_step,
        EXCLUDED.stage, EXCLUDED.joint_plan, EXCLUDED.shared_measures)
 RETURNING *
 ), queued AS (
 INSERT INTO outbox (target, object, key, payload)
 SELECT 'salesforce', x->>'object', x->>'key',
        CASE WHEN x ? 'countPeopleMetAs'
             THEN jsonb_set(x->'payload', ARRAY['fields', x->>'countPeopleMetAs'], to_jsonb(jsonb_array_length((SELECT people FROM met_list))))
             ELSE x->'payload' END
   FROM jsonb_array_elements($16::jsonb) AS x
  WHERE (EXISTS (SELECT 1 FROM up) OR x->>'always' = 'true')
    AND (x->'ifActivitiesBefore' IS NULL OR (x->>'ifActivitiesBefore')::int < coalesce((SELECT n FROM before), 0))
 ${OUTBOX_REQUEUE}
 )
 SELECT to_jsonb(up) AS saved, true AS changed, (SELECT n FROM before) AS activities_before FROM up
 UNION ALL
 SELECT to_jsonb(r), false, NULL FROM monthly_returns r WHERE r.period = $1 AND r.account_id = $2 AND NOT EXISTS (SELECT 1 FROM up)`;
const SUBMIT_RETURN = submitReturnSql(true);
const SUBMIT_RETURN_NONE_MET = submitReturnSql(false);

/**
 * Saves the answers as submitted, with the client people met counted then, and, if that changed stored data, queues
 * its Salesforce writes, in one statement (atomic without a transaction: on PGlite, BEGIN and COMMIT were two of a save's seven round trips and
 * the outbox write a third). The same answers saved twice change nothing and queue nothing. Returns whether stored
 * data changed, the return as it now stands, and how many key activities the submitted return had before.
 */
export async function submitReturn(
  db: Queryable,
  s: Submission,
  queue: readonly QueuedWrite[],
): Promise<{ changed: boolean; saved: MonthlyReturn; activitiesBefore: number }> {
  // A key queued twice keeps the last payload, as a second enqueue would (one INSERT may not touch a row twice).
  const writes = [...new Map(queue.map((w) => [`${w.object}\u0000${w.key}`, w])).values()];
  const met = s.atSave.peopleMet;
  const counted = met.keptEventIds === null || met.keptEventIds.length > 0 || (met.calendarContactIds?.length ?? 0) > 0;
  const params = [
    s.period,
    s.accountId,
    s.amSfUserId,
    JSON.stringify(s.answers.meetings),
    s.answers.noMeetings,
    JSON.stringify(s.answers.keyActivities),
    s.answers.ballWith,
    s.answers.riskFlags,
    s.answers.nextStep,
    s.hours.client,
    s.hours.ours,
    s.submittedBy,
    s.answers.stage,
    s.answers.jointPlan,
    s.answers.sharedMeasures,
    JSON.stringify(writes),
    s.submittedAt,
    JSON.stringify(s.atSave.salesforce),
  ];
  // The return comes back as one JSON value, not a column each: the embedded database's driver copies and decodes
  // every field (and every column's name) of a result on its own, and a save on PGlite cost about 0.1 ms more CPU
  // with its 20 columns and two more (in-process, interleaved runs). toReturn reads JSON's timestamps and numbers as it reads columns.
  const rows = await db.query<{ saved: ReturnRow; changed: boolean; activities_before: number | null }>(
    counted ? SUBMIT_RETURN : SUBMIT_RETURN_NONE_MET,
    counted ? [...params, peopleMetWindows([met])] : params,
  );
  const r = rows[0];
  if (!r) throw new Error(`the return ${s.period} ${s.accountId} was neither saved nor found`);
  return { changed: r.changed, saved: toReturn(r.saved), activitiesBefore: r.activities_before ?? 0 };
}
