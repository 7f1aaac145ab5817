/**
 * The mailboxes and calendars of the Graph stand-in, as Outlook keeps them: single events, series that calendarView
 * expands into occurrences (with exceptions and deleted occurrences), all-day events kept in the zone they were made
 * in (so they shift on a calendar in another zone, as Outlook's do), and a change counter for delta queries.
 * Event resource: https://learn.microsoft.com/en-us/graph/api/resources/event
 */

interface StandInAttendee {
  address: string;
  name?: string;
  /** required, optional or resource (a room). */
  type?: 'required' | 'optional' | 'resource';
  /** none, organizer, tentativelyAccepted, accepted, declined, notResponded. */
  response?: string;
}

/** An event as a test or the demo writes it into a mailbox. */
export interface StandInEventInput {
  subject: string;
  /** A timed event: its instants. */
  start?: string;
  end?: string;
  /** An all-day event: its first date, how many days, and the zone it was made in (Outlook keeps it there). */
  allDay?: { date: string; days?: number; zone: string };
  attendees: StandInAttendee[];
  organizer: { address: string; name?: string };
  location?: { displayName: string; locationType?: string };
  isOnlineMeeting?: boolean;
  isCancelled?: boolean;
  sensitivity?: 'normal' | 'personal' | 'private' | 'confidential';
  /**
   * A series: one occurrence every `days` days, `count` times, at the same wall time in `zone` (the organiser's), so
   * an occurrence after a change of clocks starts an hour earlier or later as an instant, as Outlook's do. `zone`
   * defaults to UTC.
   */
  recurrence?: { days: number; count: number; zone?: string };
}

/** What one occurrence of a series became: moved or renamed (an exception), or deleted. */
type OccurrenceChange = 'deleted' | Partial<Pick<StandInEventInput, 'start' | 'end' | 'subject'>>;

interface StoredEvent {
  id: string;
  input: StandInEventInput;
  exceptions: Map<number, OccurrenceChange>;
  version: number;
}

/** One instance calendarView shows: a single event, or an occurrence or exception of a series. */
export interface Instance {
  id: string;
  iCalUId: string;
  type: 'singleInstance' | 'occurrence' | 'exception';
  seriesMasterId: string | null;
  input: StandInEventInput;
  start: number;
  end: number;
  version: number;
}

export class GraphCalendars {
  private readonly mailboxes = new Map<string, { id: string; upn: string; events: Map<string, StoredEvent> }>();
  /** Removed instance ids by the change that removed them, for delta. */
  private readonly removed: { mailbox: string; id: string; version: number }[] = [];
  private counter = 0;
  private ids = 0;

  addMailbox(id: string, upn: string): void {
    this.mailboxes.set(id, { id, upn: upn.toLowerCase(), events: new Map() });
  }

  /** The mailbox a path names, by object id or user principal name. */
  mailbox(idOrUpn: string) {
    const key = decodeURIComponent(idOrUpn).toLowerCase();
    return [...this.mailboxes.values()].find((m) => m.id === key || m.upn === key);
  }

  get version(): number {
    return this.counter;
  }

  addEvent(mailboxId: string, input: StandInEventInput): string {
    const box = this.mustGet(mailboxId);
    this.ids += 1;
    const id = `AAMkAD${String(this.ids).padStart(6, '0')}=`;
    box.events.set(id, { id, input, exceptions: new Map(), version: ++this.counter });
    return id;
  }

  updateEvent(mailboxId: string, id: string, change: Partial<StandInEventInput>): void {
    const event = this.mustGet(mailboxId).events.get(id)!;
    event.input = { ...event.input, ...change };
    event.version = ++this.counter;
  }

  deleteEvent(mailboxId: string, id: string): void {
    const box = this.mustGet(mailboxId);
    const event = box.events.get(id)!;
    const gone = this.instancesOf(event).map((i) => i.id);
    box.events.delete(id);
    const version = ++this.counter;
    for (const g of gone) this.removed.push({ mailbox: box.id, id: g, version });
  }

  /** Changes or deletes the `index`th occurrence of a series. */
  changeOccurrence(mailboxId: string, seriesId: string, index: number, change: OccurrenceChange): void {
    const event = this.mustGet(mailboxId).events.get(seriesId)!;
    event.exceptions.set(index, change);
    const version = ++this.counter;
    event.version = version;
    if (change === 'deleted') this.removed.push({ mailbox: mailboxId, id: `${seriesId}_${index}`, version });
  }

  /** The instances starting before `to` and ending after `from` (calendarView's rule), by start then id. */
  view(mailboxId: string, from: number, to: number): Instance[] {
    const box = this.mustGet(mailboxId);
    return [...box.events.values()]
      .flatMap((e) => this.instancesOf(e))
      .filter((i) => i.start < to && i.end > from)
      .sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  }

  /** Instance ids removed after `version`. */
  removedSince(mailboxId: string, version: number): string[] {
    return this.removed.filter((r) => r.mailbox === mailboxId && r.version > version).map((r) => r.id);
  }

  private mustGet(id: string) {
    const box = this.mailboxes.get(id);
    if (!box) throw new Error(`no mailbox ${id}`);
    return box;
  }

  private instancesOf(event: StoredEvent): Instance[] {
    const { input } = event;
    const [start, end] = spanOf(input);
    const iCal = `040000008200E00074C5B7101A82E0080000000${event.id.slice(6, 12)}`;
    if (!input.recurrence)
      return [
        {
          id: event.id,
          iCalUId: iCal,
          type: 'singleInstance',
          seriesMasterId: null,
          input,
          start,
          end,
          version: event.version,
        },
      ];
    const zone = input.recurrence.zone ?? 'UTC';
    const shift = (at: number, i: number) => {
      const wall = new Date(`${wallTime(at, zone).slice(0, 19)}Z`);
      wall.setUTCDate(wall.getUTCDate() + i * input.recurrence!.days);
      return instantOfWall(wall.toISOString().slice(0, 19), zone);
    };
    const out: Instance[] = [];
    for (let i = 0; i < input.recurrence.count; i++) {
      const change = event.exceptions.get(i);
      if (change === 'deleted') continue;
      const moved = { ...input, ...change, recurrence: undefined };
      const [s, e] = change?.start ? spanOf(moved) : [shift(start, i), shift(end, i)];
      out.push({
        id: `${event.id}_${i}`,
        // Each occurrence has its own iCalUId (event resource, iCalUId).
        iCalUId: `${iCal}${String(i).padStart(4, '0')}`,
        type: change ? 'exception' : 'occurrence',
        seriesMasterId: event.id,
        input: moved,
        start: s,
        end: e,
        version: event.version,
      });
    }
    return out;
  }
}

/** [start, end) in epoch ms: an all-day event runs from midnight to midnight in the zone it was made in. */
function spanOf(input: StandInEventInput): [number, number] {
  if (input.allDay) {
    const first = midnightIn(input.allDay.date, input.allDay.zone);
    const last = new Date(`${input.allDay.date}T00:00:00Z`);
    last.setUTCDate(last.getUTCDate() + (input.allDay.days ?? 1));
    return [first, midnightIn(last.toISOString().slice(0, 10), input.allDay.zone)];
  }
  return [Date.parse(input.start!), Date.parse(input.end!)];
}

/** The instant of midnight at the start of `date` in `zone`. */
const midnightIn = (date: string, zone: string) => instantOfWall(`${date}T00:00:00`, zone);

/** The instant the clocks of `zone` read `wall` (`YYYY-MM-DDTHH:mm:ss`). */
function instantOfWall(wall: string, zone: string): number {
  const guess = Date.parse(`${wall}Z`);
  const offset = (at: number) => Date.parse(`${wallTime(at, zone).slice(0, 19)}Z`) - at;
  return guess - offset(guess - offset(guess));
}

/** One formatter per zone: building one costs far more than formatting with it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall time of an instant in a zone, as Graph writes dateTime: `2026-10-05T11:00:00.0000000`. */
export function wallTime(at: number, zone: string): string {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}.0000000`;
}
