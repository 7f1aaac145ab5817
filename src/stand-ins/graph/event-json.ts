import { wallTime, type Instance } from './graph-calendars.ts';

/**
 * An instance as Graph returns it to an app holding `Calendars.ReadBasic`: no body, no attachments, no extensions
 * (https://learn.microsoft.com/en-us/graph/permissions-reference#calendarsreadbasic), times as wall times in the
 * zone `Prefer: outlook.timezone` asked for. An app-only token sees private events in full, subject included.
 */
export function eventJson(i: Instance, zone: string): Record<string, unknown> {
  const e = i.input;
  // An all-day event comes as midnight to midnight of its own dates whatever zone the app asks for ("by design":
  // microsoftgraph/microsoft-graph-docs#1802, #16798); other events as wall times in the zone asked for.
  const allDayZone = e.allDay?.zone;
  const shown = (at: number) =>
    allDayZone ? `${wallTime(at, allDayZone).slice(0, 10)}T00:00:00.0000000` : wallTime(at, zone);
  const online = e.isOnlineMeeting ?? false;
  const place =
    e.location ?? (online ? { displayName: 'Microsoft Teams Meeting', locationType: 'default' } : undefined);
  const location = place
    ? { displayName: place.displayName, locationType: place.locationType ?? 'default', uniqueIdType: 'unknown' }
    : { displayName: '', locationType: 'default', uniqueIdType: 'unknown' };
  return {
    '@odata.etag': `W/"${i.version}"`,
    id: i.id,
    iCalUId: i.iCalUId,
    changeKey: String(i.version),
    subject: e.subject,
    type: i.type,
    seriesMasterId: i.seriesMasterId,
    isAllDay: Boolean(e.allDay),
    isCancelled: e.isCancelled ?? false,
    sensitivity: e.sensitivity ?? 'normal',
    showAs: 'busy',
    start: { dateTime: shown(i.start), timeZone: zone },
    end: { dateTime: shown(i.end), timeZone: zone },
    ...(allDayZone ? { originalStartTimeZone: allDayZone, originalEndTimeZone: allDayZone } : {}),
    location,
    locations: place ? [location] : [],
    isOnlineMeeting: online,
    onlineMeetingProvider: online ? 'teamsForBusiness' : 'unknown',
    onlineMeeting: online ? { joinUrl: `https://teams.microsoft.com/l/meetup-join/${i.id}` } : null,
    organizer: { emailAddress: { name: e.organizer.name ?? e.organizer.address, address: e.organizer.address } },
    attendees: e.attendees.map((a) => ({
      type: a.type ?? 'required',
      status: { response: a.response ?? 'none', time: '0001-01-01T00:00:00Z' },
      emailAddress: { name: a.name ?? a.address, address: a.address },
    })),
  };
}
