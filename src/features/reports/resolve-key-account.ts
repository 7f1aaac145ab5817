import type { Queryable } from '../../adapters/store/database.ts';
import { scorecardStore } from '../../adapters/store/scorecard-store.ts';
import { salesforceIdSchema, toSalesforceId18 } from '../../core/domain/salesforce-id.ts';
import { cleanText } from '../../core/domain/clean-text.ts';
import { plainName } from '../../core/domain/plain-text.ts';
import { ReportError } from './report-error.ts';

const isSalesforceId = (text: string) => salesforceIdSchema().safeParse(text).success;

/**
 * The key account an operator names for a report: its Salesforce id (15 or 18 characters), or its name, exactly or
 * a unique part of it (any case). Anything else is refused with the key accounts it could mean, or all of them.
 */
export async function resolveKeyAccount(db: Queryable, named: string): Promise<string> {
  const text = cleanText(named).trim();
  if (isSalesforceId(text)) return toSalesforceId18(text);
  const store = scorecardStore(db);
  const found = text ? await store.keyAccountsNamed(text) : [];
  const names = (accounts: readonly { name: string }[]) => accounts.map((a) => plainName(a.name)).join('; ');
  if (found[0] && (found.length === 1 || found[0].name.toLowerCase() === text.toLowerCase())) return found[0].id;
  if (found.length)
    throw new ReportError(
      `"${plainName(text)}" matches ${found.length === 20 ? 'many' : found.length} key accounts: ${names(found)}. ` +
        'Give more of the name, or the account id.',
    );
  const all = await store.keyAccountsNamed('');
  throw new ReportError(
    all.length
      ? `No key account is named "${plainName(text)}". Key accounts: ${names(all)}${all.length === 20 ? '; ...' : ''}.`
      : 'There are no key accounts yet: run npm run sync (or check the key-account filter with npm run doctor).',
  );
}
