import type { Queryable } from '../../adapters/store/database.ts';
import { outboxStore } from '../../adapters/store/outbox-store.ts';
import { ACCESS_RECORD_CODES } from '../../adapters/salesforce/salesforce-errors.ts';
import type { CheckResult } from './check-result.ts';

const ACCESS = new Set<string>(ACCESS_RECORD_CODES);

/**
 * The Salesforce writes parked as failed, by the code Salesforce gave: refused for access (each sync tries those
 * again) or refused for good (the record itself was wrong). A failure names the fix.
 */
export async function checkParkedWrites(db: Queryable): Promise<CheckResult> {
  const parked = await outboxStore(db).failedByCode('salesforce', ACCESS_RECORD_CODES);
  if (!parked.length)
    return {
      check: 'salesforce write-back',
      status: 'ok',
      detail: 'no write parked: every result reached Salesforce or is queued',
    };
  const access = parked.filter((p) => ACCESS.has(p.code));
  return {
    check: 'salesforce write-back',
    status: 'fail',
    detail: `parked writes: ${parked.map((p) => `${p.n} refused with ${p.code} (e.g. ${p.example})`).join('; ')}`,
    fix: [
      ...(access.length
        ? [
            'give the integration user edit access to those records (with Account sharing Private or Public Read Only, a ' +
              'sharing rule or the Edit permission on Account in the Pulse_Integration permission set): each sync tries them again',
          ]
        : []),
      ...(access.length < parked.length
        ? ['the others were refused for their content: the log line "Salesforce rejected a record" gives each reason']
        : []),
    ].join('; '),
  };
}
