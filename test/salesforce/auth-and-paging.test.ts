import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair, exportPKCS8 } from 'jose';
import { startSalesforce } from '../support/start-salesforce.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { buildSoql } from '../../src/adapters/salesforce/soql-builder.ts';
import { SalesforceError } from '../../src/adapters/salesforce/salesforce-errors.ts';

let s: Awaited<ReturnType<typeof startSalesforce>>;
beforeAll(async () => {
  s = await startSalesforce({ pageSize: 25 });
});
afterAll(() => s.sf.stop());
beforeEach(() => {
  s.sf.faults.length = 0;
  s.sf.calls.length = 0;
});

const accountsSoql = buildSoql({ object: 'Account', where: ['Key_Account__c = true'] });

async function readAll(crm: Awaited<ReturnType<typeof s.connect>>, soql = accountsSoql) {
  const pages: number[] = [];
  for await (const p of crm.query('Account', soql)) pages.push(p.records.length);
  return pages;
}

describe('Salesforce authentication', () => {
  it('When the JWT bearer assertion is signed by the app certificate, then the sync is authorised and the API version is the configured one', async () => {
    const { log } = captureLogs();
    const crm = await s.connect(log, s.settings.jwt);
    expect((await readAll(crm)).reduce((a, b) => a + b, 0)).toBe(12);
    expect(s.sf.calls.find((c) => c.route === 'query')).toBeDefined();
  });

  it('When the client-credentials flow is configured, then it is authorised too', async () => {
    const crm = await s.connect(captureLogs().log, s.settings.clientCredentials);
    expect(await readAll(crm)).toEqual([12]);
  });

  it('When the assertion is signed by another key, or names an unknown user, then the token request is refused with a clear error', async () => {
    const other = await generateKeyPair('RS256', { extractable: true });
    const jwt = s.settings.jwt.connection as Extract<typeof s.settings.jwt.connection, { flow: 'jwt' }>;
    await expect(
      s.connect(captureLogs().log, {
        ...s.settings.jwt,
        connection: { ...jwt, privateKeyPem: await exportPKCS8(other.privateKey) },
      }),
    ).rejects.toThrow(/refused the jwt token request: invalid_grant/);
    await expect(
      s.connect(captureLogs().log, { ...s.settings.jwt, connection: { ...jwt, username: 'nobody@x.example' } }),
    ).rejects.toThrow(/invalid_grant/);
    // The stand-in checks expiry like Salesforce: an assertion valid for an hour is refused.
    const far = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('3MVG9-pulse-test')
      .setSubject('integration@pulse-demo.example')
      .setAudience(s.sf.url)
      .setExpirationTime('1h')
      .sign(other.privateKey);
    const res = await fetch(`${s.sf.url}/services/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: far }),
    });
    expect(res.status).toBe(400);
  });

  it('When the session expires once, then the flow runs again and the read succeeds', async () => {
    const logs = captureLogs();
    const crm = await s.connect(logs.log);
    s.sf.expireTokens();
    expect(await readAll(crm)).toEqual([12]);
    expect(s.sf.calls.map((c) => `${c.route}:${c.status}`)).toEqual([
      'token:200',
      'query:401',
      'token:200',
      'query:200',
    ]);
    expect(logs.lines.filter((l) => l.msg === 'refreshing the Salesforce session')).toHaveLength(1);
  });

  it('When every fresh session is still refused, then the refresh stops after a bounded number of tries with a clear error', async () => {
    const crm = await s.connect(captureLogs().log);
    s.sf.faults.push({
      route: 'query',
      status: 401,
      errorCode: 'INVALID_SESSION_ID',
      message: 'Session expired or invalid',
      times: 50,
    });
    const error = await readAll(crm).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesforceError);
    expect((error as SalesforceError).code).toBe('AUTH_CIRCUIT_OPEN');
    expect((error as Error).message).toMatch(/refused 3 fresh sessions in a row/);
    expect(s.sf.calls.filter((c) => c.route === 'token').length).toBeLessThanOrEqual(4);
  });

  it('When the token endpoint itself keeps failing, then the read fails with the reason, once', async () => {
    const crm = await s.connect(captureLogs().log);
    s.sf.expireTokens();
    s.sf.faults.push({
      route: 'token',
      status: 400,
      errorCode: 'invalid_grant',
      message: 'user is inactive',
      times: 5,
    });
    await expect(readAll(crm)).rejects.toThrow(/user is inactive/);
    // One token for the connection, one refused refresh: no retry loop.
    expect(s.sf.calls.filter((c) => c.route === 'token').map((c) => c.status)).toEqual([200, 400]);
  });
});

describe('Paging', () => {
  it('When a query spans several pages, then they come one at a time through nextRecordsUrl, none kept by the adapter', async () => {
    const crm = await s.connect(captureLogs().log);
    const soql = buildSoql({ object: 'EventRelation', where: ['IsWhat = false'] });
    const sizes: number[] = [];
    let total = 0;
    for await (const p of crm.query('EventRelation', soql)) {
      sizes.push(p.records.length);
      total = p.totalSize;
    }
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(sizes.slice(0, -1).every((n) => n === 25)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
    expect(s.sf.calls.filter((c) => c.route === 'queryMore')).toHaveLength(sizes.length - 1);
  });
});
