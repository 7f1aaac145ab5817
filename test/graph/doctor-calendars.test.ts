/**
 * `npm run doctor`'s calendar check against the Graph and Entra stand-in: the app's token must carry the application
 * permission Calendars.ReadBasic (https://learn.microsoft.com/en-us/graph/permissions-reference#calendarsreadbasic),
 * an account manager's mailbox must be readable and one outside the app's scope refused with 403 ErrorAccessDenied
 * (RBAC for Applications in Exchange Online: https://learn.microsoft.com/en-us/exchange/permissions-exo/application-rbac).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphStandIn } from '../../src/stand-ins/graph/graph-stand-in.ts';
import { checkCalendars } from '../../src/features/doctor/check-calendars.ts';
import { testClock } from '../support/test-clock.ts';

const app = {
  tenantId: '11111111-1111-4111-8111-111111111111',
  clientId: '22222222-2222-4222-8222-222222222222',
  clientSecret: 'doctor-secret',
  roles: ['Calendars.ReadBasic'],
};
const clock = testClock();
const AM = 'alex@fabrikam.example';
const CEO = 'ceo@fabrikam.example';
let graph: GraphStandIn;

const settings = (over: Partial<typeof app> = {}) => ({
  source: 'graph' as const,
  keepSubjects: true,
  graphUrl: graph.url,
  loginUrl: graph.url,
  ...app,
  ...over,
});
const check = (over: Partial<typeof app> = {}, probe = { mailbox: AM, outside: CEO }) =>
  checkCalendars(settings(over), probe, clock.now);

beforeAll(async () => {
  graph = await new GraphStandIn(app, () => clock.now().getTime()).start();
  graph.calendars.addMailbox('a1', AM);
  graph.calendars.addMailbox('c1', CEO);
});
afterAll(() => graph.stop());

describe('doctor: calendars', () => {
  it('Passes when the permission is consented and the scope holds the managers only', async () => {
    graph.scope = new Set(['a1']);
    expect(await check()).toMatchObject({ status: 'ok', detail: expect.stringContaining(`${CEO} refused`) });
  });

  it('Fails, naming the fix, when the app can read every mailbox', async () => {
    graph.scope = undefined;
    expect(await check()).toMatchObject({ status: 'fail', fix: expect.stringContaining('RBAC for Applications') });
  });

  it('Fails when the manager is outside the scope, or no mailboxes are named', async () => {
    graph.scope = new Set(['c1']);
    expect(await check()).toMatchObject({ status: 'fail', fix: expect.stringContaining('management scope') });
    expect(await check({}, { mailbox: AM, outside: '' })).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('--outside-mailbox'),
    });
  });

  it('Fails on a wrong secret, a missing consent, and a permission broader than needed', async () => {
    graph.scope = new Set(['a1']);
    expect(await check({ clientSecret: 'wrong' })).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('AADSTS7000215'),
      fix: expect.stringContaining('MicrosoftAppPassword'),
    });
    const bare = await new GraphStandIn({ ...app, roles: [] }, () => clock.now().getTime()).start();
    const broad = await new GraphStandIn({ ...app, roles: ['Calendars.ReadBasic', 'Calendars.Read'] }, () =>
      clock.now().getTime(),
    ).start();
    try {
      for (const s of [bare, broad]) {
        s.calendars.addMailbox('a1', AM);
        s.calendars.addMailbox('c1', CEO);
        s.scope = new Set(['a1']);
      }
      const on = (s: GraphStandIn) =>
        checkCalendars({ ...settings(), graphUrl: s.url, loginUrl: s.url }, { mailbox: AM, outside: CEO }, clock.now);
      expect(await on(bare)).toMatchObject({
        status: 'fail',
        detail: expect.stringContaining('the token carries no calendar permission'),
        fix: expect.stringContaining('Calendars.ReadBasic'),
      });
      expect(await on(broad)).toMatchObject({ status: 'fail', fix: expect.stringContaining('remove Calendars.Read') });
    } finally {
      await bare.stop();
      await broad.stop();
    }
  });

  it('Passes with RBAC for Applications: no Entra permission, the managers granted in Exchange', async () => {
    const rbac = await new GraphStandIn({ ...app, roles: [] }, () => clock.now().getTime()).start();
    try {
      rbac.calendars.addMailbox('a1', AM);
      rbac.calendars.addMailbox('c1', CEO);
      rbac.exchangeGrants = new Set(['a1']);
      const result = await checkCalendars(
        { ...settings(), graphUrl: rbac.url, loginUrl: rbac.url },
        { mailbox: AM, outside: CEO },
        clock.now,
      );
      expect(result).toMatchObject({ status: 'ok', detail: expect.stringContaining('RBAC for Applications') });
    } finally {
      await rbac.stop();
    }
  });

  it('Is skipped when calendars are off or the demo', async () => {
    expect((await checkCalendars({ source: 'off' }, {}, clock.now)).status).toBe('skipped');
    expect((await checkCalendars({ source: 'demo', keepSubjects: true }, {}, clock.now)).status).toBe('skipped');
  });
});
