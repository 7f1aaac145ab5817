/**
 * Hostile or careless input from the shared channel, against the Bot Connector stand-in (see ratings-world): a
 * comment or element name with a NUL or control characters (PostgreSQL text cannot hold NUL; the others are cleaned
 * away, see free-text-cleaned.test.ts for the rest of what the cleaner removes), and Markdown links
 * that the irritant backlog would echo, clickable, into both channels (Teams renders Markdown in message text and
 * in Adaptive Card TextBlocks: https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { RESPONSIVENESS, useRatingsWorld } from '../support/ratings-world.ts';
import { MAX_PENDING_PROPOSALS } from '../../src/features/ratings/rating-backlog.ts';

// Each test has a world of its own (linked, a round open): the proposals one makes are not in another's count.
const w = useRatingsWorld({ perTest: true });
const { t, say, rate, linkBoth, responses } = w;

beforeEach(async () => {
  await linkBoth();
  expect(await say('dana', w.internal, 'start rating round')).toContain('is open until');
});

const storedComment = async () =>
  (
    await t.tdb.db.query<{ comment: string | null }>("SELECT comment FROM rating_responses WHERE rater_key = 'aad-c1'")
  )[0]?.comment;

describe('Hostile input in the shared channel', () => {
  it('When a client comment holds a NUL, then the activity is refused at the edge and nothing is stored', async () => {
    const res = await rate('c1', w.shared, [[RESPONSIVENESS, 2, 5]], { comment: 'late\u0000invoices' });
    expect(res.text).toContain('NUL');
    expect(await responses()).toEqual([]);
  });

  it('When a client comment holds control or bidirectional-override characters, then it is stored as plain text', async () => {
    for (const comment of ['late\u001b[31m invoices', 'late \u202eseciovni', 'late\u200b\u2066invoices\u2069']) {
      const res = await rate('c1', w.shared, [[RESPONSIVENESS, 2, 5]], {
        comment,
        commentElementId: w.el(RESPONSIVENESS),
      });
      expect(res.text, JSON.stringify(comment)).toContain('your answers are saved');
      expect(await storedComment(), JSON.stringify(comment)).not.toMatch(
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
        /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/,
      );
    }
  });

  it('When a client comment holds a Markdown link or HTML, then no link reaches the store, the irritants or either channel', async () => {
    const comment = 'Please [sign in again](https://evil.example/login) <a href="https://evil.example">here</a>';
    const res = await rate('c1', w.shared, [[RESPONSIVENESS, 2, 5]], {
      comment,
      commentElementId: w.el(RESPONSIVENESS),
    });
    expect(res.text).toContain('your answers are saved');
    const stored = (await storedComment())!;
    expect(stored).toContain('sign in again');
    for (const bad of ['[', '](', '<a', 'https://']) expect(stored).not.toContain(bad);
    expect(res.text).not.toContain('](https://');
  });

  it('When a proposed element name holds control, bidi or invisible characters, then they are removed; one naming an element already is refused', async () => {
    for (const name of ['Invoice\u0007 accuracy', 'Billing\u202e clarity\u2066']) {
      const out = await say('c2', w.shared, `elements propose ${name}`);
      expect(out, JSON.stringify(name)).toContain('is proposed');
    }
    const proposed = await t.tdb.db.query('SELECT name FROM rating_element_proposals ORDER BY name');
    expect(proposed).toEqual([{ name: 'Billing clarity' }, { name: 'Invoice accuracy' }]);
    // A word joiner would let "Respon\u2060siveness" pass as a second "Responsiveness": without it, it is the same.
    expect(await say('c2', w.shared, 'elements propose Respon\u2060siveness')).toContain(
      'Nothing was changed: \\"Responsiveness\\" is rated already.',
    );
    expect(await t.tdb.db.query('SELECT name FROM rating_element_proposals ORDER BY name')).toEqual(proposed);
  });

  it(
    'When a name or an owner holds a web address or markup, or a number is not a plain list number, then ' +
      'nothing is changed and the reply says why',
    async () => {
      const before = await t.tdb.db.query('SELECT name FROM rating_element_proposals ORDER BY name');
      for (const name of ['https://evil.example/login', 'see www.evil.example', '~~Pricing~~', '# Pricing', 'a\\b']) {
        const out = await say('c2', w.shared, `elements propose ${name}`);
        expect(out, name).toMatch(/Nothing was changed: a name cannot hold (a web address|markup)/);
      }
      expect(await t.tdb.db.query('SELECT name FROM rating_element_proposals ORDER BY name')).toEqual(before);
      expect(await say('dana', w.internal, 'irritants 1 owner https://evil.example/pay')).toContain(
        'Nothing was changed: a name cannot hold a web address',
      );
      for (const n of ['0x1', '1e0', 'one', '__proto__'])
        expect(await say('dana', w.internal, `elements rename ${n} Speed`), n).toContain(
          'Nothing was changed: use the number from the list',
        );
    },
  );

  it(`When ${MAX_PENDING_PROPOSALS} proposals wait for the account team, then another is refused and nothing is stored`, async () => {
    const pending = async () =>
      t.tdb.db.query("SELECT name FROM rating_element_proposals WHERE status = 'pending' ORDER BY name");
    for (let n = (await pending()).length; n < MAX_PENDING_PROPOSALS; n++)
      expect(await say('c3', w.shared, `elements propose Proposal number ${n}`)).toContain('is proposed');
    const before = await pending();
    expect(await say('c3', w.shared, 'elements propose One proposal too many')).toContain(
      `Nothing was changed: ${MAX_PENDING_PROPOSALS} proposals wait for the account team already.`,
    );
    expect(await pending()).toEqual(before);
  });
});
