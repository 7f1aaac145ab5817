import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopbackHost, readConfig } from '../../src/platform/config/config.ts';
import { loadEnvFiles } from '../../src/platform/config/env-files.ts';

const appId = '11111111-2222-4333-8444-555555555555';
const tenant = 'aaaaaaaa-0000-4000-8000-000000000001';
const teamsMode = {
  MicrosoftAppId: appId,
  MicrosoftAppPassword: 's3cret-value',
  MicrosoftAppTenantId: tenant,
  ALLOWED_TENANT_IDS: tenant,
};

function problems(env: Record<string, string>): string[] {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('Configuration', () => {
  it('When nothing is set, then it runs in local mode on 127.0.0.1:3978 with data in ./.data', () => {
    expect(readConfig({})).toMatchObject({
      host: '127.0.0.1',
      port: 3978,
      dataDir: './.data',
      bot: undefined,
      allowedTenantIds: [],
      databaseUrl: undefined,
    });
  });

  it('When nothing is set, then the defaults are parsed like values (booleans are booleans, lists are lists)', () => {
    const c = readConfig({});
    expect(c.salesforce.faceToFaceTypes).toEqual(['Meeting']);
    expect(c.calendar).toEqual({ openBusinessDay: 1, remindBusinessDays: [4, 7], closeBusinessDay: 10, localHour: 9 });
    // With the demo org (no SF_ settings) the months move only by hand, unless asked; with a real org, on the calendar.
    expect(c.cycleSchedule).toBe('manual');
    expect(readConfig({ CYCLE_SCHEDULE: 'auto' }).cycleSchedule).toBe('auto');
    const org = {
      SF_LOGIN_URL: 'https://example.my.salesforce.com',
      SF_AUTH_FLOW: 'client_credentials',
      SF_CLIENT_ID: 'client',
      SF_CLIENT_SECRET: 'secret',
    };
    expect(readConfig(org).cycleSchedule).toBe('auto');
    expect(readConfig({ ...org, CYCLE_SCHEDULE: 'manual' }).cycleSchedule).toBe('manual');
    expect(problems({ CYCLE_SCHEDULE: 'sometimes' })[0]).toMatch(/^CYCLE_SCHEDULE: .*use auto/);
    expect(readConfig({ ADMIT_VIDEO_CALLS: 'true' }).scoringSettings.admitVideoCalls).toBe(true);
    expect(c.scoringSettings).toEqual({
      marginRate: 0.25,
      discountRate: 0.08,
      years: 3,
      admitVideoCalls: false,
      caseSpike: { factor: 2, minimum: 3 },
      minRaters: 3,
    });
  });

  it('When the scoring settings are set, then they are read; out-of-range ones are named with their fix', () => {
    expect(
      readConfig({ CASE_SPIKE_FACTOR: '3', CASE_SPIKE_MIN_CASES: '5', ASSET_VALUE_YEARS: '5' }).scoringSettings,
    ).toEqual({
      marginRate: 0.25,
      discountRate: 0.08,
      years: 5,
      admitVideoCalls: false,
      caseSpike: { factor: 3, minimum: 5 },
      minRaters: 3,
    });
    expect(readConfig({ MIN_RATERS: '5' }).scoringSettings.minRaters).toBe(5);
    expect(problems({ MIN_RATERS: '1' })[0]).toMatch(/^MIN_RATERS: /);
    const list = problems({ CASE_SPIKE_FACTOR: '0.5', CASE_SPIKE_MIN_CASES: '2.5' });
    expect(list.map((p) => p.split(':')[0])).toEqual(['CASE_SPIKE_FACTOR', 'CASE_SPIKE_MIN_CASES']);
    expect(list[0]).toContain('times the trailing 8-week mean');
  });

  it('When env files leave values empty, then they count as unset', () => {
    expect(readConfig({ PORT: '', MicrosoftAppId: '', DATABASE_URL: '  ' })).toMatchObject({
      port: 3978,
      bot: undefined,
    });
  });

  it('When Teams mode is fully configured, then the identity and allow-list are parsed', () => {
    const c = readConfig({
      ...teamsMode,
      ALLOWED_TENANT_IDS: ` ${tenant} , bbbbbbbb-0000-4000-8000-000000000002`,
      HOST: '0.0.0.0',
    });
    expect(c.bot).toEqual({ appId, appPassword: 's3cret-value', appType: 'SingleTenant', tenantId: tenant });
    expect(c.allowedTenantIds).toEqual([tenant, 'bbbbbbbb-0000-4000-8000-000000000002']);
  });

  it('When local mode would listen beyond loopback, then it refuses and names HOST and the fix', () => {
    const [p] = problems({ HOST: '0.0.0.0' });
    expect(p).toMatch(/^HOST: local mode .* loopback .*\(got "0\.0\.0\.0"\)\. Fix: /);
  });

  it('When several settings are wrong, then every problem is listed, each with its variable and fix', () => {
    const list = problems({
      PORT: '99999',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      MicrosoftAppId: 'not-a-guid',
    });
    expect(list.map((p) => p.split(':')[0])).toEqual(['PORT', 'DATABASE_URL', 'MicrosoftAppId', 'LOG_LEVEL']);
    for (const p of list) expect(p).toContain('Fix: ');
  });

  it('When Teams mode lacks its secret, tenant or allow-list, then each is named', () => {
    const list = problems({ MicrosoftAppId: appId });
    expect(list.map((p) => p.split(':')[0])).toEqual([
      'MicrosoftAppPassword',
      'MicrosoftAppTenantId',
      'ALLOWED_TENANT_IDS',
    ]);
  });

  it('When a secret is wrong, then the message does not echo it', () => {
    const message = new ConfigError(problems({ ...teamsMode, ALLOWED_TENANT_IDS: 'hunter2-not-a-guid' })).message;
    expect(message).toContain('ALLOWED_TENANT_IDS');
    expect(message).not.toContain('s3cret-value');
  });

  it('When a UserAssignedMSI identity is used, then no password is needed', () => {
    expect(
      readConfig({ ...teamsMode, MicrosoftAppPassword: '', MicrosoftAppType: 'UserAssignedMSI' }).bot?.appType,
    ).toBe('UserAssignedMSI');
  });

  it('When the cycle calendar is set, then it is read, and reminders out of order are refused', () => {
    expect(
      readConfig({ CYCLE_OPEN_DAY: '2', CYCLE_REMIND_DAYS: '5, 8', CYCLE_CLOSE_DAY: '12', CYCLE_LOCAL_HOUR: '8' })
        .calendar,
    ).toEqual({ openBusinessDay: 2, remindBusinessDays: [5, 8], closeBusinessDay: 12, localHour: 8 });
    expect(problems({ CYCLE_REMIND_DAYS: '8,5' })[0]).toMatch(/^CYCLE_REMIND_DAYS: must fall after CYCLE_OPEN_DAY/);
    expect(problems({ CYCLE_REMIND_DAYS: 'soon' })[0]).toMatch(/^CYCLE_REMIND_DAYS/);
  });

  it('Loopback means 127.0.0.0/8, ::1 and localhost only', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', '::', 'example.com'].some(isLoopbackHost)).toBe(false);
  });
});

describe('Env files', () => {
  it('When .env.<name> and .env.<name>.user exist, then the user file overrides the committed one and the process environment wins', () => {
    const root = mkdtempSync(join(tmpdir(), 'pulse-env-'));
    mkdirSync(join(root, 'env'));
    writeFileSync(join(root, 'env', '.env.dev'), 'PORT=4000\nHOST=127.0.0.1\nLOG_LEVEL=debug\n');
    writeFileSync(join(root, 'env', '.env.dev.user'), 'PORT=4001\nMicrosoftAppPassword="quoted # value"\n');
    const { env, files } = loadEnvFiles(root, { PULSE_ENV: 'dev', LOG_LEVEL: 'warn' });
    expect(files).toEqual([join('env', '.env.dev'), join('env', '.env.dev.user')]);
    expect(env).toMatchObject({
      PORT: '4001',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      MicrosoftAppPassword: 'quoted # value',
    });
  });
});
