/** One stored record: its fields by their canonical (case-preserving) names. */
import { type Clock, systemClock } from '../../core/domain/clock.ts';
import { RECYCLE_BIN_DAYS } from '../../adapters/salesforce/sf-schema.ts';
export type SfRecord = Record<string, unknown> & { Id: string };

/** Three-character key prefixes, as Salesforce ids carry them. */
const PREFIXES: Record<string, string> = {
  Account: '001',
  Contact: '003',
  User: '005',
  Opportunity: '006',
  Event: '00U',
  Case: '500',
  EventRelation: '0RE',
  Lead: '00Q',
  Organization: '00D',
};

/** The stand-in org's id: in the identity URL a token answer carries, and on its one Organization record. */
export const STAND_IN_ORG_ID = '00D5g000004PULSEAA';

/** Values Salesforce sets on every new record of a type when the creator leaves them out (checkbox defaults). */
const DEFAULTS: Record<string, Record<string, unknown>> = {
  Event: {
    IsChild: false,
    IsAllDayEvent: false,
    IsRecurrence: false,
    IsRecurrence2: false,
    IsPrivate: false,
    IsDeleted: false,
  },
  EventRelation: { IsInvitee: true, IsParent: false, IsWhat: false, IsDeleted: false },
};

/** The in-memory org behind the stand-in: records by object, a global id index, and case-insensitive field names. */
export class Dataset {
  private readonly byType = new Map<string, Map<string, SfRecord>>();
  private readonly byId = new Map<string, { type: string; record: SfRecord }>();
  private readonly fieldNames = new Map<string, Map<string, string>>();
  /** Deleted records, as queryAll still returns them (IsDeleted = true) until the Recycle Bin empties. */
  private readonly recycleBin = new Map<string, { type: string; record: SfRecord; deletedAt: number }>();
  private seq = 0;

  /** `clock`: Salesforce's time, which stamps SystemModstamp (the stand-in's clock; tests pin it). */
  constructor(readonly clock: Clock = systemClock) {}

  /** A new 18-character id with the object's key prefix. */
  newId(type: string): string {
    this.seq += 1;
    const prefix = PREFIXES[type] ?? `a0${(type.length % 10).toString()}`;
    return `${prefix}${'0'.repeat(3)}${this.seq.toString(36).toUpperCase().padStart(9, '0')}AAA`.slice(0, 18);
  }

  /** Inserts or replaces a record; `Id` and `SystemModstamp` are filled in when missing. */
  put(type: string, fields: Record<string, unknown>): SfRecord {
    const record = {
      ...DEFAULTS[type],
      ...fields,
      Id: (fields.Id as string | undefined) ?? this.newId(type),
    } as SfRecord;
    record.SystemModstamp ??= sfDateTime(this.clock());
    let table = this.byType.get(type);
    if (!table) {
      table = new Map();
      this.byType.set(type, table);
    }
    table.set(record.Id, record);
    this.byId.set(record.Id, { type, record });
    const names = this.fieldNames.get(type) ?? new Map<string, string>();
    for (const key of Object.keys(record)) names.set(key.toLowerCase(), key);
    this.fieldNames.set(type, names);
    return record;
  }

  /**
   * Deletes a record: queries no longer return it, and it goes to the Recycle Bin with IsDeleted = true and a new
   * SystemModstamp, where queryAll finds it for RECYCLE_BIN_DAYS. Deleting an Event deletes its EventRelation rows
   * too (EventRelation object reference: "If you delete an event, then relations between the event and any
   * specified contacts, leads, and records are also deleted").
   */
  remove(id: string): void {
    const found = this.byId.get(id);
    if (!found) return;
    this.byType.get(found.type)?.delete(id);
    this.byId.delete(id);
    const at = this.clock();
    found.record.IsDeleted = true;
    found.record.SystemModstamp = sfDateTime(at);
    this.recycleBin.set(id, { ...found, deletedAt: at.getTime() });
    if (found.type === 'Event') for (const r of this.records('EventRelation')) if (r.EventId === id) this.remove(r.Id);
  }

  /**
   * The records of `type` deleted within RECYCLE_BIN_DAYS of `now` (the org's clock, which stamped the deletions):
   * what queryAll adds to a query's rows.
   */
  deleted(type: string, now: Date = this.clock()): SfRecord[] {
    const after = now.getTime() - RECYCLE_BIN_DAYS * 86_400_000;
    return [...this.recycleBin.values()].filter((d) => d.type === type && d.deletedAt > after).map((d) => d.record);
  }

  /** Removes an object type altogether, as in an org where the feature behind it is off (e.g. Account Teams). */
  removeType(type: string): void {
    for (const r of this.records(type)) this.byId.delete(r.Id);
    this.byType.delete(type);
    this.fieldNames.delete(type);
  }

  records(type: string): SfRecord[] {
    return [...(this.byType.get(type)?.values() ?? [])];
  }

  has(type: string): boolean {
    return this.byType.has(type) || Object.hasOwn(PREFIXES, type);
  }

  find(id: string): { type: string; record: SfRecord } | undefined {
    return this.byId.get(id);
  }

  /** The fields `type` has, as a describe lists them (a hidden field is not listed); undefined for no such type. */
  fieldsOf(type: string): string[] | undefined {
    const names = this.fieldNames.get(type);
    return names && [...names.values()];
  }

  /** The canonical name of a field of `type`, matched case-insensitively as SOQL does. */
  fieldName(type: string, name: string): string | undefined {
    return this.fieldNames.get(type)?.get(name.toLowerCase());
  }

  /**
   * Hides a field as missing field-level security does for the integration user: a query naming it answers
   * INVALID_FIELD ("No such column"), the way Salesforce reports a field the user cannot see.
   */
  hideField(type: string, name: string): void {
    this.fieldNames.get(type)?.delete(name.toLowerCase());
  }

  /** Declares fields a type has even before any record sets them (so a query naming them is valid). */
  declareFields(type: string, names: readonly string[]): void {
    const map = this.fieldNames.get(type) ?? new Map<string, string>();
    for (const n of ['Id', 'SystemModstamp', ...names]) map.set(n.toLowerCase(), n);
    this.fieldNames.set(type, map);
    if (!this.byType.has(type)) this.byType.set(type, new Map());
  }

  count(type: string): number {
    return this.byType.get(type)?.size ?? 0;
  }
}

/** Salesforce's datetime wire format: `2013-05-20T20:49:32.000+0000`. */
export function sfDateTime(d: Date): string {
  return d.toISOString().replace('Z', '+0000');
}
