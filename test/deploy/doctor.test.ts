import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runDoctor } from '../../src/features/doctor/run-doctor.ts';
import type { CheckResult } from '../../src/features/doctor/check-result.ts';
import { acquireDataDirLock } from '../../src/adapters/store/data-dir-lock.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { freePort } from '../support/free-port.ts';
import { startSalesforce } from '../support/start-salesforce.ts';
import { TeamsStandIn } from '../support/teams-stand-in.ts';

// Entra's client-credentials token request (what botbuilder's MSAL sends for the Bot Connector):
// https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow
// Salesforce answers INVALID_FIELD for a field without field-level security (PLATFORM.md, "minimum-access user").
const appId = '11111111-2222-4333-8444-555555555555';
const appPassword = 'doctor-test-secret';
const tenant = 'aaaaaaaa-0000-4000-8000-000000000001';

let sf: Awaited<ReturnType<typeof startSalesforce>>;
let teams: TeamsStandIn;
let dataDir: string;
const log = captureLogs();

beforeAll(async () => {
  sf = await startSalesforce();
  teams = await new TeamsStandIn({ appId, appPassword }).start();
  dataDir = mkdtempSync(join(tmpdir(), 'pulse-doctor-'));
  cpSync(inject('pgliteMigratedTemplate'), join(dataDir, 'pglite'), { recursive: true });
});
afterAll(async () => {
  await sf.sf.stop();
  await teams.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Settings where everything works; each test breaks one thing. */
function healthy(): Record<string, string> {
  const c = sf.settings.clientCredentials.connection as { clientId: string; clientSecret: string };
  return {
    PULSE_ENV: 'none',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '3978',
    SF_LOGIN_URL: sf.sf.url,
    SF_AUTH_FLOW: 'client_credentials',
    SF_CLIENT_ID: c.clientId,
    SF_CLIENT_SECRET: c.clientSecret,
    MicrosoftAppId: appId,
    MicrosoftAppPassword: appPassword,
    MicrosoftAppType: 'MultiTenant',
    ALLOWED_TENANT_IDS: tenant,
  };
}

const doctor = (env: Record<string, string>) => runDoctor(env, { log: log.log, loginUrl: teams.url });
const byCheck = (results: CheckResult[], check: CheckResult['check']) => results.find((r) => r.check === check);
const failed = (results: CheckResult[]) => results.filter((r) => r.status === 'fail').map((r) => r.check);

describe('npm run doctor', () => {
  it('When everything is set up, then every check passes', async () => {
    const results = await doctor(healthy());
    expect(results.map((r) => [r.check, r.status])).toEqual([
      ['configuration', 'ok'],
      ['database', 'ok'],
      ['salesforce write-back', 'ok'],
      ['salesforce login', 'ok'],
      ['salesforce org set-up', 'ok'],
      ['salesforce field access', 'ok'],
      ['bot credentials', 'ok'],
      // GRAPH_CALENDAR unset with a real org: off (test/graph/doctor-calendars.test.ts checks it on).
      ['calendars', 'skipped'],
    ]);
    expect(byCheck(results, 'salesforce org set-up')!.detail).toMatch(/^Shared Activities on/);
    for (const part of ['; Account Teams on: ', '; single currency: ', '; Account sharing Public Read/Write: '])
      expect(byCheck(results, 'salesforce org set-up')!.detail).toContain(part);
  }, 120_000);

  it('When a setting is invalid, then the configuration check names it and its fix, and nothing else runs', async () => {
    const results = await doctor({ ...healthy(), PORT: 'eighty' });
    expect(failed(results)).toEqual(['configuration']);
    expect(results).toHaveLength(1);
    expect(results[0]!.detail).toMatch(/PORT/);
    expect(results[0]!.detail).toMatch(/e\.g\. PORT=3978/);
  });

  it('When PostgreSQL is unreachable, then the database check names DATABASE_URL', async () => {
    const results = await doctor({
      ...healthy(),
      DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/pulse`,
    });
    expect(failed(results)).toEqual(['database']);
    expect(byCheck(results, 'database')!.fix).toMatch(/DATABASE_URL/);
  }, 120_000);

  it('When migrations are pending, then the database check says how many and how to apply them', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'pulse-doctor-empty-'));
    try {
      cpSync(inject('pgliteEmptyTemplate'), join(empty, 'pglite'), { recursive: true });
      const results = await doctor({ ...healthy(), DATA_DIR: empty });
      expect(failed(results)).toEqual(['database']);
      expect(byCheck(results, 'database')!.detail).toMatch(/schema version 0; this build needs \d+/);
      expect(byCheck(results, 'database')!.fix).toMatch(/start the server once/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 120_000);

  it('When another process holds the embedded database, then the doctor does not open it and asks that server instead', async () => {
    const release = acquireDataDirLock(dataDir);
    try {
      const results = await doctor({ ...healthy(), PORT: String(await freePort()) });
      expect(failed(results)).toEqual(['database']);
      expect(byCheck(results, 'database')!.detail).toMatch(new RegExp(`process ${process.pid} holds`));
      expect(byCheck(results, 'database')!.detail).toMatch(/\/readyz answered nothing/);
    } finally {
      release();
    }
  }, 120_000);

  it('When the Salesforce consumer secret is wrong, then the login check names SF_CLIENT_SECRET', async () => {
    const results = await doctor({ ...healthy(), SF_CLIENT_SECRET: 'not-the-secret' });
    expect(failed(results), JSON.stringify(results)).toEqual(['salesforce login']);
    expect(byCheck(results, 'salesforce login')!.detail).toMatch(/invalid_client/);
    expect(byCheck(results, 'salesforce login')!.fix).toMatch(/SF_CLIENT_SECRET/);
    expect(byCheck(results, 'salesforce field access')!.status).toBe('skipped');
    expect(log.text()).not.toContain('not-the-secret');
  }, 120_000);

  it('When the integration user cannot see a field, then field access names the object, the field and the permission set', async () => {
    sf.sf.data.hideField('Event', 'DurationInMinutes');
    try {
      const results = await doctor(healthy());
      expect(failed(results)).toEqual(['salesforce field access']);
      expect(byCheck(results, 'salesforce field access')!.detail).toMatch(/Event\.DurationInMinutes: INVALID_FIELD/);
      expect(byCheck(results, 'salesforce field access')!.fix).toMatch(/permission set/);
    } finally {
      sf.sf.data.declareFields('Event', ['DurationInMinutes']);
    }
  }, 120_000);

  // EventRelation object reference: IsParent and IsWhat exist only where Shared Activities is enabled; without it,
  // rows are invitees only and the contact is the Event's WhoId.
  // https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-eventrelation.html
  it('When the org has Shared Activities off, then the doctor says so and asks for no permission the org cannot have', async () => {
    sf.sf.data.hideField('EventRelation', 'IsParent');
    sf.sf.data.hideField('EventRelation', 'IsWhat');
    try {
      const results = await doctor(healthy());
      expect(failed(results), JSON.stringify(results)).toEqual([]);
      expect(byCheck(results, 'salesforce org set-up')!.detail).toMatch(/^Shared Activities off: .* WhoId/);
    } finally {
      sf.sf.data.declareFields('EventRelation', ['IsParent', 'IsWhat']);
    }
  }, 120_000);

  // Account Teams off: no AccountTeamMember object (INVALID_TYPE); multi-currency: Account.CurrencyIsoCode exists
  // (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_accountteammember.htm,
  // .../meta/object_reference/sforce_api_objects_currencytype.htm); Organization.DefaultAccountAccess None is Private.
  it('When Account Teams are off, the org is multi-currency and Account sharing is Private, then the set-up check says each', async () => {
    const team = sf.sf.data.records('AccountTeamMember').map((r) => ({ ...r }));
    const org = sf.sf.data.records('Organization')[0]!;
    sf.sf.data.removeType('AccountTeamMember');
    sf.sf.data.declareFields('Account', ['CurrencyIsoCode']);
    org.DefaultAccountAccess = 'None';
    try {
      const results = await doctor(healthy());
      expect(failed(results), JSON.stringify(results)).toEqual([]);
      const detail = byCheck(results, 'salesforce org set-up')!.detail;
      expect(detail).toContain('Account Teams off (no AccountTeamMember): each account team is its owner');
      expect(detail).toContain('multi-currency');
      expect(detail).toContain('Account sharing Private: the integration user must be able to edit key accounts');
    } finally {
      for (const r of team) sf.sf.data.put('AccountTeamMember', r);
      sf.sf.data.hideField('Account', 'CurrencyIsoCode');
      org.DefaultAccountAccess = 'Edit';
    }
  }, 120_000);

  it('When the team role is hidden from the integration user, then the set-up check fails naming the permission set', async () => {
    sf.sf.data.hideField('AccountTeamMember', 'TeamMemberRole');
    try {
      const results = await doctor(healthy());
      expect(failed(results)).toEqual(['salesforce org set-up']);
      expect(byCheck(results, 'salesforce org set-up')!.fix).toContain('Pulse_Integration_Account_Teams');
    } finally {
      sf.sf.data.declareFields('AccountTeamMember', ['TeamMemberRole']);
    }
  }, 120_000);

  it('When calendar write-back is on, then the set-up check fails until the calendar permission set is assigned', async () => {
    // Graph itself is tested in test/graph/doctor-calendars.test.ts: here a closed port refuses at once.
    const closed = `https://127.0.0.1:${await freePort()}`;
    const env = {
      ...healthy(),
      GRAPH_CALENDAR: 'on',
      GRAPH_CALENDAR_WRITE_BACK: 'on',
      GRAPH_TENANT_ID: tenant,
      GRAPH_URL: closed,
      GRAPH_LOGIN_URL: closed,
    };
    const first = await doctor(env);
    // Entra unreachable is a failed check that says so, not a crash of the doctor.
    expect(byCheck(first, 'calendars')).toMatchObject({ status: 'fail' });
    expect(byCheck(first, 'calendars')!.detail).toContain('no answer from Entra ID at 127.0.0.1');
    const before = byCheck(first, 'salesforce org set-up')!;
    expect(before.status).toBe('fail');
    expect(before.detail).toContain('calendar Events not granted');
    expect(before.fix).toContain('Pulse_Integration_Calendar_Events');
    // Field-level security that shows the key field but does not let it be written fails too: every Event would be.
    sf.sf.data.declareFields('Event', ['Pulse_Calendar_Key__c']);
    sf.sf.readOnlyFields.add('Event.Pulse_Calendar_Key__c');
    try {
      const readOnly = byCheck(await doctor(env), 'salesforce org set-up')!;
      expect(readOnly.status).toBe('fail');
      expect(readOnly.detail).toContain('calendar Events read only: Pulse_Calendar_Key__c is visible but not editable');
      // The permission set grants edit as well: the check passes.
      sf.sf.readOnlyFields.clear();
      const after = byCheck(await doctor(env), 'salesforce org set-up')!;
      expect(after.status).toBe('ok');
      expect(after.detail).toContain('calendar Events granted (Pulse_Integration_Calendar_Events)');
    } finally {
      sf.sf.readOnlyFields.clear();
      sf.sf.data.hideField('Event', 'Pulse_Calendar_Key__c');
    }
  }, 120_000);

  it('When the bot secret is wrong, then token acquisition fails and the check names MicrosoftAppPassword', async () => {
    const results = await doctor({ ...healthy(), MicrosoftAppPassword: 'expired-secret' });
    expect(failed(results), JSON.stringify(results)).toEqual(['bot credentials']);
    expect(byCheck(results, 'bot credentials')!.detail).toMatch(/AADSTS7000215/);
    expect(byCheck(results, 'bot credentials')!.fix).toMatch(/MicrosoftAppPassword/);
    expect(JSON.stringify(results)).not.toContain('expired-secret');
  }, 120_000);
});
