import type { MonthlyReturn, ReturnMeetingEntry, SalesforceFigures } from './monthly-return.ts';
import { plainName } from './plain-text.ts';

/** The figures of a prefilled meeting, as a save records them (`MonthlyReturn.salesforceAtSave`). */
export const figuresOf = (m: ReturnMeetingEntry): SalesforceFigures => ({
  minutes: m.minutes,
  clientAttendees: m.clientAttendees,
  faceToFace: m.faceToFace,
});

/** What a save records of the meetings its form held: each one's figures by Event id. */
export const salesforceAsSaved = (prefill: readonly ReturnMeetingEntry[]): Record<string, SalesforceFigures> =>
  Object.fromEntries(prefill.filter((m) => m.sfEventId).map((m) => [m.sfEventId!, figuresOf(m)]));

const sameFigures = (a: SalesforceFigures, b: SalesforceFigures) =>
  a.minutes === b.minutes && a.clientAttendees === b.clientAttendees && a.faceToFace === b.faceToFace;

/** How Salesforce changed a saved month's meetings since the save (DOMAIN.md, measure 1: the save holds until taken). */
export interface ChangesSinceSave {
  /** Meetings the return kept whose figures Salesforce changed: what it said at the save, by Event id. */
  changed: Map<string, SalesforceFigures>;
  /** Meetings Salesforce has in the month that the form did not hold at the save (new, or moved into the month). */
  added: Set<string>;
  /** Meetings the return kept that Salesforce no longer has in the month (deleted, moved, or given to another account). */
  gone: ReturnMeetingEntry[];
}

/**
 * What changed in Salesforce since a submitted return was saved, against its meetings now; null for a draft or
 * when nothing changed. A return saved before saves recorded what Salesforce said can tell only what is gone.
 */
export function changesSinceSave(
  ret: Pick<MonthlyReturn, 'status' | 'meetings' | 'salesforceAtSave'>,
  now: readonly ReturnMeetingEntry[],
): ChangesSinceSave | null {
  if (ret.status !== 'submitted') return null;
  const atSave = ret.salesforceAtSave ?? {};
  const recorded = ret.salesforceAtSave !== null;
  const current = new Map(now.map((m) => [m.sfEventId, m]));
  const changes: ChangesSinceSave = { changed: new Map(), added: new Set(), gone: [] };
  for (const m of now)
    if (recorded && m.sfEventId && !Object.hasOwn(atSave, m.sfEventId)) changes.added.add(m.sfEventId);
  for (const kept of ret.meetings) {
    if (!kept.sfEventId) continue;
    const then = Object.hasOwn(atSave, kept.sfEventId) ? atSave[kept.sfEventId] : undefined;
    const today = current.get(kept.sfEventId);
    if (!today) changes.gone.push(kept);
    else if (then && !sameFigures(then, figuresOf(today))) changes.changed.set(kept.sfEventId, then);
  }
  return changes.changed.size + changes.added.size + changes.gone.length ? changes : null;
}

const describe = (f: SalesforceFigures) =>
  `${f.minutes} min, ${f.clientAttendees} client ${f.clientAttendees === 1 ? 'person' : 'people'}` +
  (f.faceToFace ? ', face to face' : ', not face to face');

/** The note on a changed meeting's row: Salesforce now against Salesforce at the save. */
export const changedNote = (then: SalesforceFigures, now: SalesforceFigures) =>
  `changed in Salesforce since you saved: now ${describe(now)} (then ${describe(then)})`;

/** The form's notice of what changed, with what saving does; `taken` once the account manager took the changes. */
export function changesNotice(c: ChangesSinceSave, taken: boolean): string {
  const parts = [
    c.changed.size ? `${c.changed.size} meeting${c.changed.size === 1 ? '' : 's'} changed` : '',
    c.added.size ? `${c.added.size} new` : '',
    c.gone.length ? `${c.gone.length} no longer there` : '',
  ].filter(Boolean);
  // A few named, the rest counted: the card must stay under Teams' size limit whatever Salesforce did.
  const named = c.gone.slice(0, 3).map((m) => `${plainName(m.subject).slice(0, 80) || 'Meeting'} (${m.date})`);
  const more = c.gone.length - named.length;
  const gone = c.gone.length
    ? ` No longer in Salesforce this month: ${named.join('; ')}${more ? ` and ${more} more` : ''}. ` +
      'Saving again leaves it out; if it did happen, add it under "Meetings Salesforce lacks".'
    : '';
  return taken
    ? `Salesforce's changes are filled in below (${parts.join(', ')}): save to keep them.${gone}`
    : `Salesforce changed since you saved (${parts.join(', ')}). Your saved return still counts what you saved.${gone}`;
}
