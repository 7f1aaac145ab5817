import { round1 } from './round1.ts';

/** A meeting as the monthly return holds it: its length, who of the client was there, and whether it counts. */
export interface ReturnMeeting {
  minutes: number;
  clientAttendees: number;
  ourAttendees: number;
  faceToFace: boolean;
  /** Not face to face: false for an e-mail or phone call, which never counts (`ReturnMeetingEntry.videoCall`). */
  videoCall?: boolean;
}

/** Whether a meeting counts: face to face, or a video call where the organisation admits them. */
const meetingCounts = (m: ReturnMeeting, admitVideoCalls: boolean): boolean =>
  m.faceToFace || (admitVideoCalls && m.videoCall !== false);

/**
 * Client man-hours (DOMAIN.md, measure 1): hours the client's people spent with us, summed over people, in the
 * meetings that count (face-to-face; video calls too where the organisation admits them). A 2-hour meeting with
 * 4 client attendees is 8.
 */
export function clientManHours(meetings: readonly ReturnMeeting[], admitVideoCalls = false): number {
  return round1(
    meetings
      .filter((m) => meetingCounts(m, admitVideoCalls))
      .reduce((sum, m) => sum + (m.minutes / 60) * m.clientAttendees, 0),
  );
}

/** Our own man-hours in the same meetings: context, not the measure. */
export function ourManHours(meetings: readonly ReturnMeeting[], admitVideoCalls = false): number {
  return round1(
    meetings
      .filter((m) => meetingCounts(m, admitVideoCalls))
      .reduce((sum, m) => sum + (m.minutes / 60) * m.ourAttendees, 0),
  );
}

/** The month's test: did the client invest more man-hours than last month? A missing return is no data, never zero. */
export type Verdict = 'developing' | 'not developing' | 'no data';

/** The verdict and the sentence the card shows, e.g. "8.0 h, up from 6.0: developing". */
export function developingVerdict(
  thisMonth: number | null,
  lastMonth: number | null,
): { verdict: Verdict; text: string } {
  if (thisMonth === null) return { verdict: 'no data', text: 'no return yet: no data' };
  const now = `${thisMonth.toFixed(1)} h`;
  if (lastMonth === null) return { verdict: 'no data', text: `${now}, no return for last month to compare: no data` };
  if (thisMonth > lastMonth)
    return { verdict: 'developing', text: `${now}, up from ${lastMonth.toFixed(1)}: developing` };
  if (thisMonth === lastMonth)
    return { verdict: 'not developing', text: `${now}, the same as last month: not developing` };
  return { verdict: 'not developing', text: `${now}, down from ${lastMonth.toFixed(1)}: not developing` };
}
