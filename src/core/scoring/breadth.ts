import type { ContactLevel } from '../domain/contact-level.ts';
import type { Explained } from './explained.ts';

/** A client person met in the month (a Salesforce contact), with their level if known. */
export interface PersonMet {
  id: string;
  level: ContactLevel | null;
}

/** Breadth of contact (DOMAIN.md, measure 2): distinct client people met and the levels reached. */
export interface Breadth {
  people: number;
  levels: ContactLevel[];
  /** People the account manager counted in meetings Salesforce lacks: counted in hours, not named here. */
  unnamedAttendees: number;
}

const ORDER: ContactLevel[] = ['executive', 'management', 'operational'];

/** Distinct people (by contact id) and the distinct levels among them. */
export function breadth(met: readonly PersonMet[], unnamedAttendees = 0): Explained<Breadth> {
  const people = new Map(met.map((p) => [p.id, p.level]));
  const levels = ORDER.filter((l) => [...people.values()].includes(l));
  return {
    value: { people: people.size, levels, unnamedAttendees },
    why: [
      `${people.size} distinct client ${people.size === 1 ? 'person' : 'people'} met in Salesforce meetings.`,
      levels.length ? `Levels reached: ${levels.join(', ')}.` : 'No level reached (titles or levels unknown).',
      ...(unnamedAttendees
        ? [`${unnamedAttendees} more attendee places in meetings Salesforce lacks (not named).`]
        : []),
    ],
  };
}
