import type { ReturnMeetingEntry } from '../domain/monthly-return.ts';

const hours = (minutes: number) => `${Number((minutes / 60).toFixed(2))} h`;
/** One decimal, or two where the second matters (0.75), so the lines add up to the month's total by hand. */
const amount = (n: number) => (n.toFixed(2).endsWith('0') ? n.toFixed(1) : n.toFixed(2));

/**
 * Where a month's client man-hours came from, meeting by meeting (DOMAIN.md, measure 1): people times hours for
 * each meeting that counts, and the ones that do not (video calls, unless the organisation admits them; e-mails and
 * phone calls never).
 */
export function meetingBreakdown(meetings: readonly ReturnMeetingEntry[], admitVideoCalls: boolean): string[] {
  return meetings.map((m) => {
    const what = `${m.date} ${m.subject || 'meeting'}`;
    if (!m.faceToFace && m.videoCall === false) return `${what}: not face to face nor a video call, not counted.`;
    if (!m.faceToFace && !admitVideoCalls) return `${what}: video call, not counted.`;
    const value = amount((m.minutes / 60) * m.clientAttendees);
    return (
      `${what}: ${m.clientAttendees} client ${m.clientAttendees === 1 ? 'person' : 'people'} x ` +
      `${hours(m.minutes)} = ${value}${m.faceToFace ? '' : ' (video call, admitted)'}.`
    );
  });
}
