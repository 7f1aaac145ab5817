/**
 * Dana's October calendar in a Graph stand-in, for the check-in's calendar tests: a lunch and a video call Salesforce
 * lacks, and what must never count (the calendar's copy of a Salesforce meeting, a private, a cancelled and a declined
 * one), with the shapes of Graph's event and attendee resources.
 */
import { GraphStandIn } from '../../src/stand-ins/graph/graph-stand-in.ts';
import { graphCalendar } from '../../src/adapters/graph/graph-calendar.ts';
import { readCalendars } from '../../src/features/calendar/read-calendars.ts';
import { DEFAULT_MEETING_RULES } from '../../src/core/domain/count-meeting.ts';
import { person, type useCycleWorld } from './cycle-world.ts';

/** The bot's Entra app as the Graph stand-in knows it, granted Calendars.ReadBasic. */
export const calendarApp = {
  tenantId: '11111111-1111-4111-8111-111111111111',
  clientId: '22222222-2222-4222-8222-222222222222',
  clientSecret: 'calendar-test-secret',
  roles: ['Calendars.ReadBasic'],
};

/** Dana's calendar in a Graph stand-in, with October's meetings around Northwind's contacts; and a reader of it. */
export async function danaCalendarOf(w: ReturnType<typeof useCycleWorld>) {
  const { t, period } = w;
  const graph = await new GraphStandIn(calendarApp, () => t.bot.clock.now().getTime()).start();
  const dana = w.members.dana!;
  graph.calendars.addMailbox(dana.aadObjectId!, person('dana').email);
  const sf = w.salesforce().sf;
  const northwindId = await w.northwindId();
  const contacts = sf.data.records('Contact').filter((c) => c.AccountId === northwindId);
  const qbr = sf.data
    .records('Event')
    .find((e) => e.AccountId === northwindId && !e.IsChild && String(e.StartDateTime).startsWith(period))!;
  const qbrContact = contacts.find((c) => c.Id === qbr.WhoId)!;
  const at = (c: (typeof contacts)[number], response = 'accepted') => ({
    address: String(c.Email),
    name: String(c.Name),
    response,
  });
  const me = { address: person('dana').email, name: 'Dana Whitfield' };
  const domain = String(contacts[0]!.Email).split('@')[1];
  const add = (e: Omit<Parameters<typeof graph.calendars.addEvent>[1], 'organizer'>) =>
    graph.calendars.addEvent(dana.aadObjectId!, { organizer: me, ...e });
  const ids = {
    lunch: add({
      subject: 'Lunch at Trattoria',
      start: `${period}-09T11:00:00Z`,
      end: `${period}-09T12:30:00Z`,
      location: { displayName: 'Trattoria Roma', locationType: 'restaurant' },
      attendees: [at(contacts[0]!), { address: `j.doe@${domain}`, name: 'J. Doe', response: 'accepted' }],
    }),
    call: add({
      subject: 'Forecast call',
      start: `${period}-14T15:00:00Z`,
      end: `${period}-14T15:45:00Z`,
      isOnlineMeeting: true,
      attendees: [at(contacts[1]!), at(contacts[2]!)],
    }),
  };
  // What must never show: the calendar's copy of the QBR, a private appointment, a cancelled and a declined meeting.
  add({
    subject: 'QBR (calendar copy)',
    start: new Date(String(qbr.StartDateTime).replace('+0000', 'Z')).toISOString(),
    end: new Date(Date.parse(String(qbr.StartDateTime).replace('+0000', 'Z')) + 3_600_000).toISOString(),
    location: { displayName: 'Northwind HQ', locationType: 'default' },
    attendees: [at(qbrContact), { address: 'room-1@pulse-demo.example', type: 'resource', response: 'accepted' }],
  });
  add({
    subject: 'Personal appointment',
    start: `${period}-20T08:00:00Z`,
    end: `${period}-20T09:00:00Z`,
    sensitivity: 'private',
    attendees: [at(contacts[0]!)],
  });
  add({
    subject: 'Cancelled visit',
    start: `${period}-21T08:00:00Z`,
    end: `${period}-21T09:00:00Z`,
    isCancelled: true,
    attendees: [at(contacts[3]!)],
  });
  add({
    subject: 'Declined dinner',
    start: `${period}-22T18:00:00Z`,
    end: `${period}-22T20:00:00Z`,
    attendees: [at(contacts[3]!, 'declined')],
  });
  const read = () =>
    readCalendars({
      db: t.tdb.db,
      calendar: graphCalendar({ ...calendarApp, graphUrl: graph.url, loginUrl: graph.url }, { now: t.bot.clock.now }),
      log: t.bot.logs.log,
      now: t.bot.clock.now,
      rules: DEFAULT_MEETING_RULES,
      keepSubjects: true,
    });
  return { graph, read, ids, northwindId, contacts };
}
