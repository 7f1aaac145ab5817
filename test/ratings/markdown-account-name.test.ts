/**
 * An account whose Salesforce name holds Markdown, synced from the Salesforce stand-in into the ratings world (see
 * ratings-world): Teams renders Markdown in message text and card text, so the name must reach both channels as
 * text, never as a link, a mention or emphasis; the channel shared with the client above all.
 */
import { testClock } from '../support/test-clock.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../support/start-test-bot.ts';
import { QUALITY, RESPONSIVENESS, useRatingsWorld } from '../support/ratings-world.ts';
import { runSync } from '../../src/features/sync/run-sync.ts';

/** The instant this file runs at: PINNED_AT (4 November 2026, 10:00 UTC). */
const pinned = testClock().now;

const ACCOUNT = 'Northwind [pay here](http://evil.example) **urgent** <at>Sam</at>';
/** What would render as a link, a mention or emphasis. */
const MARKUP = /\]\(|https?:\/\/evil|<at>|\*\*urgent/;
const SHOWN = 'Northwind pay here(http: //evil.example) urgent atSam/at';

// Each test has a world of its own, with the account renamed; it links and rates what it needs.
const w = useRatingsWorld({ perTest: true });
const { t, m, say, act, rate, drain, linkBoth } = w;
const posted = (channel: { id: string }) => JSON.stringify(t.bot.teams.sentTo(channel.id).at(-1)!.activity);

beforeEach(async () => {
  const sf = w.salesforce();
  sf.sf.touch('Account', { Id: w.northwind, Name: ACCOUNT });
  const log = t.bot.logs.log;
  await runSync({ db: t.tdb.db, crm: await sf.connect(log), settings: sf.settings.jwt, log, now: pinned });
  const [row] = await t.tdb.db.query<{ name: string }>('SELECT name FROM sf_accounts WHERE id = $1', [w.northwind]);
  expect(row?.name).toBe(ACCOUNT);
});

/** Nothing the bot sent to either channel, nor any card it answered with, holds the name as Markdown. */
function expectNoMarkup() {
  expect(JSON.stringify(t.bot.teams.received)).not.toMatch(MARKUP);
  expect(w.sharedAnswers.join('\n')).not.toMatch(MARKUP);
}

// Whatever a test did, nothing it made the bot send holds the name as Markdown.
afterEach(() => expectNoMarkup());

/** c1, c2 and c3 rate for the client and Dana for the team; the round closes and its results are delivered. */
async function rateAndClose() {
  for (const key of ['c1', 'c2', 'c3'])
    await rate(key, w.shared, [
      [RESPONSIVENESS, 2, 5],
      [QUALITY, 4, 3],
    ]);
  await rate('dana', w.internal, [[RESPONSIVENESS, 4, 4]]);
  await t.bot.app.services.rounds.close(w.northwind);
  await drain();
}

describe('An account named with Markdown in Salesforce', () => {
  it('When Dana links the internal and the shared channel, then every confirmation names the account as plain text', async () => {
    const linked = await act(m.dana!.id, w.internal, 'channel.link', { accountId: w.northwind });
    expect(linked.text).toContain(`This channel is now linked to ${SHOWN}.`);
    for (const id of ['29:c1', '29:c2', '29:c3', '29:c4']) w.shared.memberIds.push(id);
    const confirm = await act(m.dana!.id, w.shared, 'channel.link', { accountId: w.northwind });
    expect(confirm.text).toContain(`shared with the client of ${SHOWN}?`);
    const done = await act(m.dana!.id, w.shared, 'channel.link-shared', {
      accountId: w.northwind,
      tenants: ids.clientTenant,
    });
    expect(done.text).toContain(`shared with the client for ${SHOWN}.`);
    const described = [await say('dana', w.internal, 'linked'), await say('c1', w.shared, 'linked')];
    expect(described[0]).toContain(`linked to **${SHOWN}**`);
    for (const text of [linked.text, confirm.text, done.text, ...described]) expect(text).not.toMatch(MARKUP);
  });

  it(
    'When a round opens, is rated and closes, then the messages, the rating cards, the joint scorecard ' +
      'in the shared channel and the internal results hold no link',
    async () => {
      await linkBoth();
      const none = await say('c1', w.shared, 'rate');
      expect(none).toContain(`No rating round is open for ${SHOWN} now.`);
      const opened = await say('dana', w.internal, 'start rating round');
      expect(opened).toContain(`A rating round for ${SHOWN} is open until`);
      await drain();
      expect(posted(w.shared)).toContain(`Rate our work with you: ${SHOWN}`);
      const form = await act('29:c1', w.shared, 'rating.view', { roundId: (await w.openRound()).id });
      expect(form.text).toContain(`Your rating: ${SHOWN}`);
      await rateAndClose();
      expect(posted(w.shared)).toContain(`Joint scorecard: ${SHOWN}`);
      expect(posted(w.internal)).toContain(`Rating round closed: ${SHOWN} (internal)`);
      for (const text of [none, opened, form.text, posted(w.shared), posted(w.internal)])
        expect(text).not.toMatch(MARKUP);
    },
  );

  it('When Dana asks for the scorecard in the internal channel, then the internal scorecard names the account as plain text', async () => {
    await linkBoth();
    const card = await say('dana', w.internal, 'scorecard');
    expect(card).toContain(`"text":"${SHOWN}: `);
    expect(card).not.toMatch(MARKUP);
  });

  it('Nothing the bot sent to either channel, nor any card it answered with, holds the name as Markdown', async () => {
    // The moves of the tests above in one world: both channels linked, a round opened, rated and closed, the scorecard.
    await linkBoth();
    await say('c1', w.shared, 'rate');
    await say('dana', w.internal, 'start rating round');
    await drain();
    await act('29:c1', w.shared, 'rating.view', { roundId: (await w.openRound()).id });
    await rateAndClose();
    await say('dana', w.internal, 'scorecard');
    expectNoMarkup();
  });
});
