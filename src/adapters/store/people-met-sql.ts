import type { MeetingWindow } from '../../core/domain/local-time.ts';
import { windowParameters } from './meetings-store.ts';

/** One window the people met are counted in: the month's meetings, those the return kept (null: all), and more. */
export interface PeopleMetAsk {
  window: MeetingWindow;
  keptEventIds: readonly string[] | null;
  includeDeleted?: boolean;
  calendarContactIds?: readonly string[];
}

/** The windows of `asks` as the JSON parameter `peopleMetSql` reads. */
export const peopleMetWindows = (asks: readonly PeopleMetAsk[]): string =>
  JSON.stringify(
    asks.map((a) => {
      const [from, to, allDayFrom, allDayTo] = windowParameters(a.window);
      return {
        from,
        to,
        allDayFrom,
        allDayTo,
        kept: a.keptEventIds,
        deleted: a.includeDeleted ?? false,
        calendar: a.calendarContactIds ?? [],
      };
    }),
  );

/**
 * The one definition of the client people met (DOMAIN.md, breadth), as SQL: rows (i, id, level), the distinct
 * contacts met in the i-th window of `$windows` (`peopleMetWindows`, a parameter) on the account `$account` (a
 * parameter). The same people the prefill counts (domain/count-meeting.ts): the WhoId and every EventRelation contact
 * of the account itself, not one who declined; and the account's contacts met in calendar meetings the return names.
 * Read by `peopleMetIn`, and by a save's own statement (`submitReturn`), which stores them.
 */
export const peopleMetSql = ($account: string, $windows: string) =>
  `WITH w AS (
     SELECT j.i, (j.x->>'from')::timestamptz AS f, (j.x->>'to')::timestamptz AS t,
            (j.x->>'allDayFrom')::timestamptz AS df, (j.x->>'allDayTo')::timestamptz AS dt,
            CASE WHEN jsonb_typeof(j.x->'kept') = 'array'
                 THEN ARRAY(SELECT jsonb_array_elements_text(j.x->'kept')) END AS kept,
            (j.x->>'deleted')::boolean AS deleted,
            ARRAY(SELECT jsonb_array_elements_text(j.x->'calendar')) AS calendar
       FROM jsonb_array_elements(${$windows}::jsonb) WITH ORDINALITY AS j(x, i))
   SELECT DISTINCT w.i, c.id, c.level FROM w JOIN sf_events e ON e.account_id = ${$account}
      AND (NOT e.is_all_day AND e.start_at >= w.f AND e.start_at < w.t OR e.is_all_day AND e.start_at >= w.df AND e.start_at < w.dt)
      AND (w.kept IS NULL OR e.id = ANY(w.kept)) AND (e.deleted_at IS NULL OR w.deleted)
     JOIN LATERAL (SELECT e.who_id AS rid UNION SELECT a.relation_id FROM sf_event_attendees a
                   WHERE a.event_id = e.id AND (a.deleted_at IS NULL OR w.deleted)) p ON true
     JOIN sf_contacts c ON c.id = p.rid AND c.account_id = e.account_id
    WHERE NOT EXISTS (SELECT 1 FROM sf_event_attendees d WHERE d.event_id = e.id AND d.relation_id = c.id AND d.status = 'Declined')
   UNION SELECT w.i, c.id, c.level FROM w JOIN sf_contacts c ON c.id = ANY(w.calendar) AND c.account_id = ${$account}`;
