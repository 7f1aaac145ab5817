/**
 * Issue 24, defect 9b: the shared channel tab's joint view is for the channel's members, as the rating card is. The
 * bot runs on the Bot Connector stand-in (see ratings-world), which lists a shared channel's members each with their
 * own tenant id, the client's people with the client's
 * (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/shared-channels, "Classify members in
 * the shared channel as in-tenant or out-tenant"), and answers a member looked up by Entra object id
 * (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/get-teams-context#fetch-single-member-profile).
 * The tab signs in with Teams SSO tokens from a local JWKS: the token's oid and tid are the whole identity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids } from '../support/start-test-bot.ts';
import { startLocalEntra } from '../support/local-entra.ts';
import { useRatingsWorld } from '../support/ratings-world.ts';

const TAB_APP_ID = '0f4c1b2a-3d5e-4f60-8a7b-9c0d1e2f3a4b';
const TAB_DOMAIN = 'pulse.supplier.example';

const entra = await startLocalEntra();
afterAll(() => entra.stop());
const w = useRatingsWorld({ env: { AAD_APP_CLIENT_ID: TAB_APP_ID, TAB_DOMAIN, TAB_SSO_JWKS_URL: entra.jwksUrl } });
const { t, m, addMember } = w;

/** The joint view of the shared channel as `key` (Entra object id `aad-<key>`) signed in to tenant `tid` asks for it. */
async function joint(key: string, tid: string) {
  const token = await entra.sign(
    { tid, oid: `aad-${key}`, preferred_username: m[key]?.email ?? `${key}@example`, name: key },
    { aud: `api://${TAB_DOMAIN}/${TAB_APP_ID}` },
  );
  const path = `/api/tab/channels/${encodeURIComponent(w.shared.id)}/joint`;
  const res = await fetch(t.bot.teams.botEndpoint.replace('/api/messages', path), {
    headers: { Authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  await w.linkBoth();
  addMember('c9', 'Client outside the channel', ids.clientTenant, 'c9@client.example');
});

describe("The shared channel tab's joint view", () => {
  it('When a client member of the channel or Dana asks, then they get the joint view, with nothing internal', async () => {
    for (const [key, tid] of [
      ['c1', ids.clientTenant],
      ['dana', ids.homeTenant],
    ] as const) {
      const r = await joint(key, tid);
      expect({ key, status: r.status }).toEqual({ key, status: 200 });
      expect(r.body.scorecard.accountName).toBe('Northwind Logistics');
      const text = JSON.stringify(r.body);
      for (const internal of ['status', 'stake', 'revenue', 'riskFlags', 'nextStep', 'assetValue', 'accountId', 'gaps'])
        expect(text).not.toContain(`"${internal}`);
    }
  });

  it("When a user of the client's tenant who is not in the channel asks, or Sam (on the team, not in the channel), then 403 and no scorecard", async () => {
    for (const [key, tid] of [
      ['c9', ids.clientTenant],
      ['sam', ids.homeTenant],
    ] as const) {
      const r = await joint(key, tid);
      expect({ key, status: r.status, code: r.body.error?.code }).toEqual({
        key,
        status: 403,
        code: 'NotChannelMember',
      });
      expect(r.body.error.message).toContain('members of this channel');
      expect(JSON.stringify(r.body)).not.toContain('Northwind');
    }
  });

  it('When a client member has left the channel, then they no longer get the joint view', async () => {
    w.shared.memberIds.splice(w.shared.memberIds.indexOf(m.c4!.id), 1);
    try {
      expect((await joint('c4', ids.clientTenant)).status).toBe(403);
    } finally {
      w.shared.memberIds.push(m.c4!.id);
    }
  });

  it("When the channel's roster cannot be read (403: the app not enabled in the channel), then 503 says so, not a 500", async () => {
    t.bot.teams.faults.push({
      conversationId: w.shared.id,
      op: ['members', 'pagedMembers', 'member'],
      status: 403,
      times: 50,
    });
    try {
      const r = await joint('c1', ids.clientTenant);
      expect({ status: r.status, code: r.body.error?.code }).toEqual({ status: 503, code: 'ROSTER_UNAVAILABLE' });
      expect(r.body.error.message).toContain('could not check who is in this channel');
      expect(JSON.stringify(r.body)).not.toContain('Northwind');
    } finally {
      t.bot.teams.faults.length = 0;
    }
  });
});
