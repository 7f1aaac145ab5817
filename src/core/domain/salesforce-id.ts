import { z } from 'zod';

const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * The 18-character form of a Salesforce id. The 15-character form is case-sensitive and the API and our tables
 * hold the 18-character one, so a 15-character id would otherwise match nothing ("not a key account"). The
 * suffix encodes, per block of five characters, which of them are upper case.
 */
export function toSalesforceId18(id: string): string {
  if (id.length !== 15) return id;
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id.charCodeAt(block * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_CHARS[bits];
  }
  return id + suffix;
}

/** A Salesforce id at a boundary (card data, command-line arguments): 15 or 18 characters, always read as 18. */
export const salesforceIdSchema = (message = 'must be a Salesforce id (15 or 18 letters and digits)') =>
  z
    .string()
    .regex(/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/, message)
    .transform(toSalesforceId18);
