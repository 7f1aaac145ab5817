import { PINNED_AT } from '../support/test-clock.ts';
import { describe, expect, it } from 'vitest';
import { parseSoql, SoqlSyntaxError } from '../../src/stand-ins/salesforce/soql/parse-soql.ts';
import { runSoql, SoqlSemanticError } from '../../src/stand-ins/salesforce/soql/run-soql.ts';
import { Dataset } from '../../src/stand-ins/salesforce/dataset.ts';
import { soqlDateTime, soqlString } from '../../src/adapters/salesforce/soql-builder.ts';
import { qualifyCondition } from '../../src/features/sync/plan-sync.ts';

/** The instant the stand-in answers at: PINNED_AT. */
const AT = new Date(PINNED_AT);

function org() {
  const d = new Dataset(() => AT);
  const u = d.put('User', { Name: 'Ann', Email: 'ann@x.example', ManagerId: null });
  const boss = d.put('User', { Name: 'Boss', Email: 'boss@x.example', ManagerId: null });
  d.put('User', { ...u, ManagerId: boss.Id });
  const a = d.put('Account', { Name: "O'Brien \\ Sons", OwnerId: u.Id, Key_Account__c: true, AnnualRevenue: 5 });
  const b = d.put('Account', { Name: '100% Juice_Co', OwnerId: u.Id, Key_Account__c: false, AnnualRevenue: null });
  d.put('Event', {
    AccountId: a.Id,
    StartDateTime: '2026-10-05T09:00:00.000+0000',
    DurationInMinutes: 60,
    IsChild: false,
  });
  d.put('Event', {
    AccountId: b.Id,
    StartDateTime: '2026-11-20T09:00:00.000+0000',
    DurationInMinutes: 30,
    IsChild: false,
  });
  return { d, a, b, u, boss };
}

describe('The SOQL stand-in', () => {
  it('parses SELECT with relationship fields, nested AND/OR/NOT, IN, LIKE, date and datetime literals, ORDER BY and LIMIT', () => {
    const q = parseSoql(
      "SELECT Id, Owner.Manager.Email FROM Account WHERE (Key_Account__c = true OR NOT Name LIKE 'x%') AND " +
        "Id IN ('a','b') AND CreatedDate > 2026-01-01T00:00:00Z AND CloseDate <= 2026-12-31 AND " +
        'LastModifiedDate = LAST_N_DAYS:30 ORDER BY Name DESC NULLS LAST, Id LIMIT 5',
    );
    expect(q.fields).toEqual([['Id'], ['Owner', 'Manager', 'Email']]);
    expect(q.orderBy).toEqual([
      { field: ['Name'], descending: true, nullsLast: true },
      { field: ['Id'], descending: false, nullsLast: false },
    ]);
    expect(q.limit).toBe(5);
    expect(q.where?.kind).toBe('and');
  });

  it('refuses malformed queries as Salesforce would (MALFORMED_QUERY)', () => {
    for (const bad of [
      'SELECT FROM Account',
      "SELECT Id FROM Account WHERE Name = 'open",
      'SELECT Id FROM Account LIMIT x',
      'SELECT Id FROM Account; DELETE',
    ]) {
      expect(() => parseSoql(bad), bad).toThrow(SoqlSyntaxError);
    }
  });

  it('When a query semi-joins on a reference field, then it keeps the rows the subquery selects; a nested one or one of two fields is refused', () => {
    const { d, a } = org();
    const caseA = d.put('Case', { AccountId: a.Id, CreatedDate: '2026-10-01T09:00:00.000+0000' });
    const aboutCase = d.put('Event', {
      AccountId: null,
      WhatId: caseA.Id,
      StartDateTime: '2026-10-07T09:00:00.000+0000',
      DurationInMinutes: 45,
      IsChild: false,
    });
    const rows = runSoql(
      d,
      'SELECT Id FROM Event WHERE AccountId = null AND WhatId IN (SELECT Id FROM Case WHERE Account.Key_Account__c = true)',
      '62.0',
      AT,
    );
    expect(rows.map((r) => r.Id)).toEqual([aboutCase.Id]);
    const notIn = runSoql(d, 'SELECT Id FROM Event WHERE WhatId NOT IN (SELECT Id FROM Case)', '62.0', AT);
    expect(notIn.map((r) => r.Id)).not.toContain(aboutCase.Id);
    for (const bad of [
      'SELECT Id FROM Event WHERE WhatId IN (SELECT Id FROM Case WHERE AccountId IN (SELECT Id FROM Account))',
      'SELECT Id FROM Event WHERE WhatId IN (SELECT Id, AccountId FROM Case)',
      'SELECT Id FROM Event WHERE WhatId IN (SELECT Status FROM Case)',
      'SELECT Id FROM Event WHERE WhatId IN (SELECT Id FROM Case LIMIT 5)',
    ])
      expect(() => parseSoql(bad), bad).toThrow(SoqlSyntaxError);
  });

  it('answers with nested relationship objects and refuses unknown fields (INVALID_FIELD)', () => {
    const { d, boss } = org();
    const rows = runSoql(d, 'SELECT Name, Owner.Manager.Name FROM Account WHERE Key_Account__c = true', '62.0', AT);
    expect(rows).toEqual([
      {
        attributes: { type: 'Account', url: expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/Account\//) },
        Name: "O'Brien \\ Sons",
        Owner: { attributes: expect.any(Object), Manager: { attributes: expect.any(Object), Name: boss.Name } },
      },
    ]);
    expect(() => runSoql(d, 'SELECT Nope__c FROM Account', '62.0', AT)).toThrow(SoqlSemanticError);
  });

  it('filters across relationships and by datetimes, and sorts with nulls as asked', () => {
    const { d } = org();
    const ev = runSoql(
      d,
      `SELECT Id FROM Event WHERE Account.Key_Account__c = true AND StartDateTime >= ${soqlDateTime(new Date('2026-10-01T00:00:00Z'))}`,
      '62.0',
      AT,
    );
    expect(ev).toHaveLength(1);
    const sorted = runSoql(d, 'SELECT Name FROM Account ORDER BY AnnualRevenue ASC NULLS LAST', '62.0', AT);
    expect(sorted.map((r) => r.Name)).toEqual(["O'Brien \\ Sons", '100% Juice_Co']);
  });

  it('When a name holds quotes and backslashes, then the escaped literal matches exactly it and an injection attempt matches nothing', () => {
    const { d } = org();
    expect(runSoql(d, `SELECT Id FROM Account WHERE Name = ${soqlString("O'Brien \\ Sons")}`, '62.0', AT)).toHaveLength(
      1,
    );
    const injected = soqlString("x' OR Name != '");
    expect(injected).toBe("'x\\' OR Name != \\''");
    expect(runSoql(d, `SELECT Id FROM Account WHERE Name = ${injected}`, '62.0', AT)).toHaveLength(0);
    expect(runSoql(d, `SELECT Name FROM Account WHERE Name LIKE '100\\%%'`, '62.0', AT).map((r) => r.Name)).toEqual([
      '100% Juice_Co',
    ]);
    expect(runSoql(d, `SELECT Name FROM Account WHERE Name LIKE '%0\\_J%'`, '62.0', AT)).toHaveLength(0);
  });

  it('qualifies the key-account filter for related objects without touching literals or keywords', () => {
    expect(
      qualifyCondition(
        "Key_Account__c = true AND Type != 'Key_Account__c' AND CreatedDate = LAST_N_DAYS:30",
        'Event.Account',
      ),
    ).toBe(
      "Event.Account.Key_Account__c = true AND Event.Account.Type != 'Key_Account__c' AND Event.Account.CreatedDate = LAST_N_DAYS:30",
    );
  });
});
