/**
 * The shared channel tab's rating form in Teams mode: the bot on the Bot Connector stand-in (host tenant, the
 * client's tenant, a third one), Teams SSO tokens from a local JWKS, and the roster read outside a turn through the
 * adapter, as the card's turn reads it (GET /v3/conversations/{id}/members/{member} accepts the member's Entra object
 * id: https://learn.microsoft.com/microsoftteams/platform/bots/how-to/get-teams-context#fetch-single-member-profile).
 * Identity is the token's oid and tid only; side, account and round come from the channel, its roster and the store.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ids } from '../support/start-test-bot.ts';
import { startLocalEntra } from '../support/local-entra.ts';
import { RESPONSIVENESS, QUALITY, useRatingsWorld, OUTSIDERS } from '../support/ratings-world.ts';
import { once } from '../support/once.ts';

const TAB_APP_ID = '0f4c1b2a-3d5e-4f60-8a7b-9c0d1e2f3a4b';
const TAB_DOMAIN = 'pulse.supplier.example';
const RESOURCE = `api://${TAB_DOMAIN}/${TAB_APP_ID}`;

const entra = await startLocalEntra();
afterAll(() => entra.stop());
const w = useRatingsWorld({ env: { AAD_APP_CLIENT_ID: TAB_APP_ID, TAB_DOMAIN, TAB_SSO_JWKS_URL: entra.jwksUrl } });
const { t, el, say, openRound, responses } = w;

const token = (key: string, tid: string) =>
  entra.sign({ tid, oid: `aad-${key}`, preferred_username: `${key}@example`, name: key }, { aud: RESOURCE });
const url = (path: string) => t.bot.teams.botEndpoint!.replace('/api/messages', path);
const ratingPath = () => `/api/tab/channels/${encodeURIComponent(w.shared.id)}/rating`;

async function call(key: string, tid: string, body?: unknown) {
  const res = await fetch(url(ratingPath()), {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      Authorization: `Bearer ${await token(key, tid)}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const answers = (scores: [number, number, number][]) =>
  scores.map(([n, performance, importance]) => ({ elementId: el(n), performance, importance }));

/** Both Northwind channels linked, the shared one for ratings. */
const linked = once(() => w.linkBoth());
/** A rating round for Northwind started by Dana in the internal channel. */
const roundStarted = once(async () => {
  await linked();
  expect(await say('dana', w.internal, 'start rating round')).toContain('is open until');
});

describe('The rating form in the shared channel tab', () => {
  it('When no round is open, then the form says so (200, no round); a save is refused with 409', async () => {
    await linked();
    const r = await call('c1', ids.clientTenant);
    expect(r).toEqual({ status: 200, body: { round: null, message: expect.stringContaining('No rating round') } });
    const save = await call('c1', ids.clientTenant, { roundId: 'x', answers: answers([[RESPONSIVENESS, 3, 3]]) });
    expect(save.status).toBe(409);
    expect(save.body.error.code).toBe('ROUND_NOT_OPEN');
    expect(await responses()).toEqual([]);
  });

  it('When a client member signs in from the client tenant, then they get an empty form of the six elements as the client', async () => {
    await roundStarted();
    const r = await call('c1', ids.clientTenant);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accountName: 'Northwind Logistics', side: 'client', saved: null, minRaters: 3 });
    expect(r.body.round.id).toBe((await openRound()).id);
    expect(r.body.elements).toHaveLength(6);
  });

  it(
    'When they save, then it is stored under their object id as a client rating; saving again replaces ' +
      'it, and the form shows only their latest answers',
    async () => {
      await roundStarted();
      const roundId = (await openRound()).id;
      // Fields naming a side or a rater are not the body's to decide: they are dropped, the roster decides.
      const first = await call('c1', ids.clientTenant, {
        roundId,
        answers: answers([[RESPONSIVENESS, 2, 5]]),
        side: 'internal',
        raterKey: 'aad-dana',
      });
      expect(first.status).toBe(200);
      expect(first.body.saved.answers).toEqual([{ elementId: el(RESPONSIVENESS), performance: 2, importance: 5 }]);
      expect(await responses()).toEqual([{ rater_key: 'aad-c1', side: 'client' }]);
      const again = await call('c1', ids.clientTenant, {
        roundId,
        answers: answers([
          [RESPONSIVENESS, 4, 4],
          [QUALITY, 3, 5],
        ]),
        comment: 'Invoices arrive late',
        commentElementId: el(QUALITY),
      });
      expect(again.status).toBe(200);
      expect(await responses()).toEqual([{ rater_key: 'aad-c1', side: 'client' }]);
      const form = await call('c1', ids.clientTenant);
      expect(form.body.saved).toEqual({
        answers: [
          { elementId: el(RESPONSIVENESS), performance: 4, importance: 4 },
          { elementId: el(QUALITY), performance: 3, importance: 5 },
        ],
        comment: 'Invoices arrive late',
        commentElementId: el(QUALITY),
      });
      // Another client member's form shows nothing of c1's.
      expect((await call('c2', ids.clientTenant)).body.saved).toBeNull();
    },
  );

  it('When an account team member rates in the shared channel tab, then it is an internal rating', async () => {
    await roundStarted();
    const r = await call('dana', ids.homeTenant, {
      roundId: (await openRound()).id,
      answers: answers([[QUALITY, 5, 4]]),
    });
    expect(r.status).toBe(200);
    expect(r.body.side).toBe('internal');
    expect(await responses()).toContainEqual({ rater_key: 'aad-dana', side: 'internal' });
  });

  it(
    'When someone who may not rate asks or saves (third tenant in the channel, a token of another tenant ' +
      'for a client member, a client user outside the channel, our user off the account team), then 403 ' +
      'and nothing is stored',
    async () => {
      await roundStarted();
      const before = await responses();
      w.outsidersJoin();
      const roundId = (await openRound()).id;
      for (const [key, tid] of OUTSIDERS) {
        const get = await call(key, tid);
        expect({ key, tid, status: get.status, code: get.body.error?.code }).toEqual({
          key,
          tid,
          status: 403,
          code: 'NOT_A_RATER',
        });
        const post = await call(key, tid, { roundId, answers: answers([[RESPONSIVENESS, 1, 5]]) });
        expect({ key, status: post.status }).toEqual({ key, status: 403 });
        expect(post.body.error.message).toContain('nothing was saved');
      }
      expect(await responses()).toEqual(before);
    },
  );

  it('When the body is invalid, names another account or another round, or is not JSON, then a clear refusal and nothing changes', async () => {
    await roundStarted();
    const before = await t.tdb.db.query('SELECT * FROM rating_answers ORDER BY 1, 2');
    const roundId = (await openRound()).id;
    const bad = await call('c1', ids.clientTenant, { roundId, answers: answers([[RESPONSIVENESS, 9, 3]]) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('must be 1 to 5');
    const other = await call('c1', ids.clientTenant, {
      roundId,
      accountId: w.contoso,
      answers: answers([[QUALITY, 1, 1]]),
    });
    expect(other.status).toBe(409);
    const stale = await call('c1', ids.clientTenant, { roundId: 'old-round', answers: answers([[QUALITY, 1, 1]]) });
    expect(stale.status).toBe(409);
    const unknown = await call('c1', ids.clientTenant, {
      roundId,
      answers: [{ elementId: 'nope', performance: 1, importance: 1 }],
    });
    expect(unknown.status).toBe(409);
    const form = await fetch(url(ratingPath()), {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await token('c1', ids.clientTenant)}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: `roundId=${roundId}`,
    });
    expect(form.status).toBe(415);
    expect(await t.tdb.db.query('SELECT * FROM rating_answers ORDER BY 1, 2')).toEqual(before);
  });

  it('When a channel is not linked for ratings, then 404', async () => {
    const res = await fetch(url('/api/tab/channels/19%3Aunknown%40thread.tacv2/rating'), {
      headers: { Authorization: `Bearer ${await token('c1', ids.clientTenant)}` },
    });
    expect(res.status).toBe(404);
  });

  it(
    'When the round closes with fewer than MIN_RATERS client raters, then the joint view shows no client ' +
      'number and the form says no round is open',
    async () => {
      await roundStarted();
      await t.bot.app.services.rounds.close(w.northwind);
      const res = await fetch(url(`/api/tab/channels/${encodeURIComponent(w.shared.id)}/joint`), {
        headers: { Authorization: `Bearer ${await token('c1', ids.clientTenant)}` },
      });
      const joint = (await res.json()) as { scorecard: { clientRatings: { elements: unknown[] } | null } };
      expect(res.status).toBe(200);
      expect(joint.scorecard.clientRatings?.elements ?? []).toEqual([]);
      expect((await call('c1', ids.clientTenant)).body.round).toBeNull();
    },
  );
});
