/**
 * Free text on every path through the running server is cleaned by one cleaner (src/core/domain/clean-text.ts): card
 * data, the tab's body, commands typed to the bot, the typeahead's search text, and names from Salesforce where a
 * card or the tab shows them. A lone surrogate (JSON's "\ud800") in a key activity's title failed the save with a
 * database error (PostgreSQL's jsonb cannot hold one); invisible fillers (Hangul, Braille blank, tag characters) let a
 * name or comment look empty, and stacks of combining marks ("Zalgo") spill over the text around them. The world is
 * pinned at NOW (see card-verb-cases); the tab signs in with tokens of a local Entra.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids } from '../support/start-test-bot.ts';
import { startLocalEntra } from '../support/local-entra.ts';
import { QUALITY, useRatingsWorld } from '../support/ratings-world.ts';
import { cardVerbCases, deliverInvoke, invokeOf, type VerbCase } from '../support/card-verb-cases.ts';
import type { SpoilContext } from '../support/card-verb-spoils.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';
import { VERBS } from '../../src/features/cards/verbs.ts';

const NOW = new Date('2026-04-15T09:00:00Z');
const TAB_APP_ID = '0f4c1b2a-3d5e-4f60-8a7b-9c0d1e2f3a4b';
const TAB_DOMAIN = 'pulse.supplier.example';

/** Characters that show nothing: Hangul fillers, the Braille blank, the Mongolian vowel separator, zero-width ones, BOM. */
const FILLERS = '\u3164\u115f\u1160\u2800\u180e\u200b\u200c\u200d\u2060\ufeff';
/** Tag characters (an invisible "A" and the cancel tag). */
const TAGS = '\u{e0041}\u{e007f}';
/** A base letter under eight combining marks, and as it is kept: three marks. */
const ZALGO = 'Z\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308';
const ZALGO_KEPT = 'Z\u0301\u0302\u0303';

const entra = await startLocalEntra();
afterAll(() => entra.stop());
const w = useRatingsWorld({
  at: NOW.toISOString(),
  env: { AAD_APP_CLIENT_ID: TAB_APP_ID, TAB_DOMAIN, TAB_SSO_JWKS_URL: entra.jwksUrl },
});
const { t } = w;
let cases: VerbCase[] = [];
let context: SpoilContext;

beforeAll(async () => {
  ({ cases, context } = await cardVerbCases(w, NOW));
});

const caseOf = (verb: string) => cases.find((c) => c.verb === verb)!;
const send = (c: VerbCase, data: Record<string, unknown>) =>
  deliverInvoke(w, invokeOf(w, c.actor, c.verb, { ...c.data, ...data }));

/** A GET or POST to the tab's API with a Teams SSO token of `key` in `tid`. */
async function tab(path: string, key: string, tid: string, body?: unknown) {
  const token = await entra.sign(
    { tid, oid: `aad-${key}`, preferred_username: `${key}@example`, name: key },
    { aud: `api://${TAB_DOMAIN}/${TAB_APP_ID}` },
  );
  const res = await fetch(t.bot.teams.botEndpoint!.replace('/api/messages', path), {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

describe('Free text through the running server (clock at 15 Apr 2026, 09:00 UTC)', () => {
  it("When a key activity's title holds a lone surrogate, fillers, tags and a stack of marks, then the return is saved with the title cleaned", async () => {
    const saved = await send(caseOf(VERBS.saveReturn), {
      a0_title: `Kick\ud800off ${FILLERS}${TAGS}${ZALGO}`,
      a0_type: 'workshop',
      a0_date: `${context.period}-12`,
      nextStep: `Send${FILLERS} the plan`,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.text).toContain('Saved. Thank you.');
    const [row] = await t.tdb.db.query<{ key_activities: { title: string }[]; next_step: string }>(
      'SELECT key_activities, next_step FROM monthly_returns WHERE period = $1 AND account_id = $2',
      [context.period, w.northwind],
    );
    expect(row?.key_activities.map((a) => a.title)).toEqual([`Kick\ufffdoff ${ZALGO_KEPT}`]);
    expect(row?.next_step).toBe('Send the plan');
  });

  it("When a client's comment holds them, then it is stored cleaned, from the card and from the tab alike", async () => {
    const comment = `Late ${FILLERS}${TAGS}invoices ${ZALGO}\ud800`;
    const cleaned = `Late invoices ${ZALGO_KEPT}\ufffd`;
    const card = await send(caseOf(VERBS.saveRating), { comment, commentElementId: w.el(QUALITY) });
    expect(card.text).toContain('your answers are saved');
    const roundId = (await w.openRound()).id;
    const answers = [{ elementId: w.el(QUALITY), performance: 2, importance: 5 }];
    const body = { roundId, answers, comment, commentElementId: w.el(QUALITY) };
    const fromTab = await tab(
      `/api/tab/channels/${encodeURIComponent(w.shared.id)}/rating`,
      'c2',
      ids.clientTenant,
      body,
    );
    expect(fromTab.status).toBe(200);
    const stored = await t.tdb.db.query<{ rater_key: string; comment: string }>(
      `SELECT rater_key, comment FROM rating_responses WHERE rater_key IN ('aad-c1', 'aad-c2') ORDER BY rater_key`,
    );
    expect(stored).toEqual([
      { rater_key: 'aad-c1', comment: cleaned },
      { rater_key: 'aad-c2', comment: cleaned },
    ]);
  });

  it('When an element name typed to the bot is only fillers, then it is refused; with tags and marks, it is proposed cleaned', async () => {
    const blank = await w.say('c1', w.shared, `elements propose ${'\u3164'.repeat(3)}${'\u2800'.repeat(3)}`);
    expect(blank).toContain('Nothing was changed: a name needs at least 2 visible characters');
    const marked = await w.say('c1', w.shared, `elements propose Time${TAGS}liness ${ZALGO}`);
    expect(marked).toContain('is proposed');
    const names = await t.tdb.db.query<{ name: string }>('SELECT name FROM rating_element_proposals');
    expect(names).toEqual([{ name: `Timeliness ${ZALGO_KEPT}` }]);
  });

  it('When the typeahead is searched with an invisible character in the name, then it finds the account', async () => {
    const res = await t.bot.teams.deliver(
      t.bot.teams.activity(w.internal, w.m.dana!.id, {
        type: 'invoke',
        name: 'application/search',
        value: { queryText: `North\u200bwind${TAGS}`, dataset: 'pulse.key-accounts' },
      }),
    );
    expect(JSON.stringify(res.body)).toContain('"title":"Northwind Logistics"');
  });

  it("When an account's Salesforce name holds fillers and marks, then the card and the tab show it cleaned", async () => {
    const sf = w.salesforce();
    sf.sf.touch('Account', { Id: w.contoso, Name: `Contoso${FILLERS}${TAGS} Pharma ${ZALGO}` });
    const log = t.bot.logs.log;
    await runSync({ db: t.tdb.db, crm: await sf.connect(log), settings: sf.settings.jwt, log, now: () => NOW });
    const shown = `Contoso Pharma ${ZALGO_KEPT}`;
    const chat = t.bot.teams.state.personalConversation(w.m.marco!);
    await t.bot.teams.deliver(t.bot.teams.activity(chat, w.m.marco!.id, { type: 'message', text: 'status' }));
    const card = JSON.stringify(t.bot.teams.sentTo(chat.id).at(-1)!.activity);
    expect(card).toContain(JSON.stringify(shown).slice(1, -1));
    const portfolio = await tab('/api/tab/portfolio', 'marco', ids.homeTenant);
    expect(portfolio.status).toBe(200);
    expect(JSON.parse(portfolio.text).rows.map((r: { accountName: string }) => r.accountName)).toContain(shown);
  });

  it('When a Salesforce name holds a lone surrogate or a NUL, then the sync still stores the page, U+FFFD in the place of the surrogate', async () => {
    const sf = w.salesforce();
    sf.sf.touch('Account', { Id: w.contoso, Name: 'Contoso\ud800 Pharma\u0000' });
    const log = t.bot.logs.log;
    await runSync({ db: t.tdb.db, crm: await sf.connect(log), settings: sf.settings.jwt, log, now: () => NOW });
    const [row] = await t.tdb.db.query<{ name: string }>('SELECT name FROM sf_accounts WHERE id = $1', [w.contoso]);
    expect(row?.name).toBe('Contoso\ufffd Pharma');
  });
});
