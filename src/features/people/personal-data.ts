import type { Clock } from '../../core/domain/clock.ts';
import { z } from 'zod';
import type { Database } from '../../adapters/store/database.ts';
import {
  personalDataStore,
  type PersonalDataExport,
  type PersonalDataSource,
} from '../../adapters/store/personal-data-store.ts';

/** An Entra object id: the id a person has in every Microsoft 365 app, and the one a data request names. */
export const entraObjectIdSchema = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    'must be an Entra object id (a GUID, e.g. 5a0c9e11-7b2d-4f6a-8e13-0d4c2b9f7a10)',
  );

/**
 * An e-mail address, for a person we know by nothing else: an attendee at a client's domain seen in a calendar, who
 * is no Salesforce contact and has no Entra id of ours. Lower-cased; no spaces or control characters.
 */
export const emailAddressSchema = z
  .string()
  .trim()
  .max(254)
  // One pass, no backtracking: a local part, then dot-separated labels; no space, no control or format character.
  .regex(
    /^[^\s@\p{C}]+@[^\s@.\p{C}]+(?:\.[^\s@.\p{C}]+)+$/u,
    'must be an e-mail address (e.g. j.doe@client.example), with no trailing dot',
  )
  .transform((a) => a.normalize('NFC').toLowerCase());

/** What a data request returns: whom it was about and what we hold (export) or what was erased. */
export type PrivacyResult = PersonResult | AddressResult;
type PersonResult =
  | { action: 'export'; aadObjectId: string; exportedAt: string; data: PersonalDataExport }
  | { action: 'erase'; aadObjectId: string; erasedAt: string; erased: Record<PersonalDataSource, number> };
type AddressResult =
  | { action: 'export'; address: string; exportedAt: string; data: AddressExport }
  | { action: 'erase'; address: string; erasedAt: string; erased: { calendarAttendee: number } };

type AddressExport = Awaited<ReturnType<ReturnType<typeof personalDataStore>['exportAddress']>>;

/**
 * A person's right of access and to erasure: everything Partnership Pulse holds that names them, read or erased in
 * one transaction (so an erasure is all or nothing). Data written back to Salesforce is Salesforce's to erase.
 */
export async function handlePrivacyRequest(
  db: Database,
  action: 'export' | 'erase',
  aadObjectId: string,
  now: Clock,
): Promise<PersonResult> {
  const id = entraObjectIdSchema.parse(aadObjectId).toLowerCase();
  return db.transaction(async (tx) => {
    const store = personalDataStore(tx);
    if (action === 'export')
      return { action, aadObjectId: id, exportedAt: now().toISOString(), data: await store.export(id) };
    return { action, aadObjectId: id, erasedAt: now().toISOString(), erased: await store.erase(id) };
  });
}

/**
 * The same rights for someone known only by e-mail address (an attendee at a client's domain who is no Salesforce
 * contact): what calendar meetings named them, or their erasure, which also keeps a digest of the address so the
 * next calendar read does not name them again.
 */
export async function handleAddressRequest(
  db: Database,
  action: 'export' | 'erase',
  address: string,
  now: Clock,
): Promise<AddressResult> {
  const a = emailAddressSchema.parse(address);
  return db.transaction(async (tx) => {
    const store = personalDataStore(tx);
    if (action === 'export')
      return { action, address: a, exportedAt: now().toISOString(), data: await store.exportAddress(a) };
    return { action, address: a, erasedAt: now().toISOString(), erased: await store.eraseAddress(a, now()) };
  });
}
