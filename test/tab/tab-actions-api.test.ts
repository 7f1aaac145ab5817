/**
 * The action plan in a channel's tab (issue 27, item 2), in Teams mode: the bot on the Bot Connector stand-in (host
 * tenant, the client's tenant, a third one), Teams SSO tokens from a local JWKS, and the roster read outside a turn
 * through the adapter (GET /v3/conversations/{id}/members/{member} takes the member's Entra object id:
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/get-teams-context#fetch-single-member-profile).
 * Who adds (side, account) is the token's oid and tid and the channel's roster only; what they may add is the
 * action plan's rules, as for the bot's card.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../support/start-test-bot.ts';
import { startLocalEntra } from '../support/local-entra.ts';
import { RESPONSIVENESS, useRatingsWorld, OUTSIDERS } from '../support/ratings-world.ts';

const TAB_APP_ID = '0f4c1b2a-3d5e-4f60-8a7b-9c0d1e2f3a4b';
const TAB_DOMAIN = 'pulse.supplier.example';

const entra = await startLocalEntra();
afterAll(() => entra.stop());
const w = useRatingsWorld({
  perTest: true,
  env: { AAD_APP_CLIENT_ID: TAB_APP_ID, TAB_DOMAIN, TAB_SSO_JWKS_URL: entra.jwksUrl },
});
const { t, el } = w;

const token = (key: string, tid: string) =>
  entra.sign(
    { tid, oid: `aad-${key}`, preferred_username: `${key}@example`, name: key },
    { aud: `api://${TAB_DOMAIN}/${TAB_APP_ID}` },
  );
const url = (channelId: string) =>
  t.bot.teams.botEndpoint!.replace('/api/messages', `/api/tab/channels/${encodeURIComponent(channelId)}/actions`);

async function call(key: string, tid: string, channelId: string, body?: unknown) {
  const res = await fetch(url(channelId), {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      Authorization: `Bearer ${await token(key, tid)}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const stored = () =>
  t.tdb.db.query<{ title: string; owner_side: string; status: string; visibility: string }>(
    'SELECT title, owner_side, status, visibility FROM plan_actions ORDER BY seq',
  );
const due = '2026-11-20';

beforeEach(() => w.linkBoth());

describe('The action plan in the tab (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When a client member adds their own action and proposes one of ours, then both are joint, theirs open, ours proposed', async () => {
    const form = await call('c1', ids.clientTenant, w.shared.id);
    expect(form.status).toBe(200);
    expect(form.body.form).toMatchObject({ place: 'shared', minDate: '2026-11-04', maxDate: '2027-11-05' });
    // Owners from the roster, each with their side; the client may name ours (a proposal).
    const owners = form.body.form.owners.map((o: { title: string }) => o.title);
    expect(owners).toEqual(expect.arrayContaining(['Client c1 (client)', 'Dana Whitfield (us)']));
    const own = await call('c1', ids.clientTenant, w.shared.id, {
      key: randomUUID(),
      about: `e:${el(RESPONSIVENESS)}`,
      title: 'Send the volume forecast',
      owner: 'aad-c1',
      due,
    });
    expect(own.status).toBe(200);
    expect(own.body.result).toBe('Added "Send the volume forecast" for Client c1, due 2026-11-20.');
    const proposal = await call('c1', ids.clientTenant, w.shared.id, {
      key: randomUUID(),
      title: 'Call us back within a day',
      owner: 'aad-dana',
      due,
      // Not the client's to choose: everything in the shared channel is joint.
      visibility: 'internal',
    });
    expect(proposal.body.result).toContain('is proposed to the account team');
    expect(
      proposal.body.actions.map((a: { n: number; side: string; status: string }) => [a.n, a.side, a.status]),
    ).toEqual([
      [1, 'client', 'open'],
      [2, 'us', 'proposed'],
    ]);
    expect(await stored()).toEqual([
      { title: 'Send the volume forecast', owner_side: 'client', status: 'open', visibility: 'joint' },
      { title: 'Call us back within a day', owner_side: 'ours', status: 'proposed', visibility: 'joint' },
    ]);
  });

  it('When the same form is sent twice, then one action is added; another form adds another', async () => {
    const body = { key: randomUUID(), title: 'Weekly delivery call', owner: 'aad-dana', due, visibility: 'joint' };
    const first = await call('dana', ids.homeTenant, w.internal.id, body);
    const again = await call('dana', ids.homeTenant, w.internal.id, body);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(first.body.result).toBe('Added "Weekly delivery call" for Dana Whitfield, due 2026-11-20.');
    // A copy sent with a changed title (the answer was lost, the person edited and sent again) adds nothing either,
    // and is answered with what the first one stored.
    const edited = await call('dana', ids.homeTenant, w.internal.id, { ...body, title: 'Fortnightly call' });
    for (const r of [again, edited]) expect(r.body.result).toBe(first.body.result);
    expect((await stored()).length).toBe(1);
    await call('dana', ids.homeTenant, w.internal.id, { ...body, key: randomUUID() });
    expect((await stored()).length).toBe(2);
    // The same key from another person is their own form: it adds theirs.
    await call('sam', ids.homeTenant, w.internal.id, body);
    expect((await stored()).length).toBe(3);
  });

  it("When our people add in the internal channel's tab, then an internal action stays internal: the shared channel's tab does not list it", async () => {
    const internal = await call('dana', ids.homeTenant, w.internal.id, {
      key: randomUUID(),
      title: 'Escalate inside finance',
      owner: 'aad-dana',
      due,
      visibility: 'internal',
    });
    expect(internal.body.result).toContain('(internal: never shown to the client)');
    expect(internal.body.actions[0]).toMatchObject({ n: 1, internal: true, side: 'ours' });
    const client = await call('c1', ids.clientTenant, w.shared.id);
    expect(client.body.actions).toEqual([]);
    expect(JSON.stringify(client.body)).not.toContain('Escalate');
  });

  it('When someone who may not add asks or adds (the OUTSIDERS), then 403 and nothing is stored', async () => {
    w.outsidersJoin();
    for (const [key, tid] of OUTSIDERS) {
      expect({ key, status: (await call(key, tid, w.shared.id)).status }).toEqual({ key, status: 403 });
      const post = await call(key, tid, w.shared.id, { key: randomUUID(), title: 'Sneak in', owner: 'aad-c1', due });
      expect({ key, status: post.status }).toEqual({ key, status: 403 });
    }
    // A client member cannot reach the internal channel's plan.
    expect((await call('c1', ids.clientTenant, w.internal.id)).status).toBe(403);
    expect(await stored()).toEqual([]);
  });

  it('When the body is hostile or wrong (no key, impossible dates, strangers, property names, NUL, not JSON), then nothing changes', async () => {
    const base = { key: randomUUID(), title: 'Weekly delivery call', owner: 'aad-c1', due };
    for (const [body, status, says] of [
      [{ ...base, key: undefined }, 400, 'The form has expired'],
      [{ ...base, key: '__proto__' }, 400, 'The form has expired'],
      [{ ...base, due: '2026-02-30' }, 400, 'the due date is not a real date'],
      [{ ...base, due: '2026-13-01' }, 400, 'the due date is not a real date'],
      [{ ...base, due: '2026-11-03' }, 400, 'the due date is from 2026-11-04'],
      [{ ...base, owner: 'aad-third' }, 400, 'choose the owner from the list'],
      [{ ...base, owner: '__proto__' }, 400, 'choose the owner from the list'],
      [{ ...base, owner: 'constructor' }, 400, 'choose the owner from the list'],
      [{ ...base, about: 'e:constructor' }, 400, 'choose what the action answers from the list'],
      [
        JSON.parse(
          `{"__proto__": {"owner": "aad-c1"}, "key": "${randomUUID()}", "title": "Polluted", "due": "${due}"}`,
        ),
        400,
        'choose an owner',
      ],
      [[base], 400, "Send the form's fields as one JSON object."],
    ] as const) {
      const r = await call('c1', ids.clientTenant, w.shared.id, body);
      expect({ body, status: r.status, says: r.body.error?.message }).toEqual({
        body,
        status,
        says: expect.stringContaining(says),
      });
    }
    // A NUL is refused at the HTTP edge, before any handler; a form post (not JSON) too.
    expect(
      (await call('c1', ids.clientTenant, w.shared.id, `{"key":"${randomUUID()}","title":"a\\u0000b"}`)).status,
    ).toBe(400);
    const form = await fetch(url(w.shared.id), {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await token('c1', ids.clientTenant)}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'title=x',
    });
    expect(form.status).toBe(415);
    expect(await stored()).toEqual([]);
  });
});
