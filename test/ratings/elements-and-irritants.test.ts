/**
 * What matters most and what irritates: the account team edits the rated elements in the internal channel, the
 * client proposes one from the shared channel, and both sides see and update the irritant backlog, against the
 * Bot Connector stand-in (host, client and third tenants; see ratings-world).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useRatingsWorld } from '../support/ratings-world.ts';

// Each test has a world of its own with both channels linked, and builds what else it needs.
const w = useRatingsWorld({ perTest: true });
const { t, say, linkBoth, closeRoundWithComment } = w;

beforeEach(() => linkBoth());

/**
 * The account team lists the elements (the numbers it edits by), adds "Invoice accuracy", renames it "Invoice
 * correctness" and retires element 1; the bot's answers to the three edits.
 */
async function editElements() {
  await say('dana', w.internal, 'elements');
  return {
    added: await say('dana', w.internal, 'elements add operational Invoice accuracy'),
    renamed: await say('dana', w.internal, 'elements rename 7 Invoice correctness'),
    retired: await say('dana', w.internal, 'elements retire 1'),
  };
}

describe('Elements (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When Dana types elements in the internal channel, then the six default elements are listed with their levels', async () => {
    const out = await say('dana', w.internal, 'elements');
    expect(out).toContain('1. Strategic alignment (executive)');
    expect(out).toContain('6. Quality of delivery (operational)');
  });

  it('When the account team adds, renames and retires elements, then the list follows and a retired element keeps its history', async () => {
    const edited = await editElements();
    expect(edited.added).toContain('Added \\"Invoice accuracy\\" (operational)');
    expect(edited.renamed).toContain('to \\"Invoice correctness\\"');
    expect(edited.retired).toContain('Retired \\"Strategic alignment\\"');
    const out = await say('dana', w.internal, 'elements');
    expect(out).not.toContain('Strategic alignment');
    expect(out).toContain('6. Invoice correctness (operational)');
    const [row] = await t.tdb.db.query<{ retired_at: unknown }>(
      `SELECT retired_at FROM rating_elements WHERE name = 'Strategic alignment'`,
    );
    expect(row!.retired_at).not.toBeNull();
  });

  it('When the input is wrong, then nothing is changed and the message says why', async () => {
    expect(await say('dana', w.internal, 'elements add strategic Speed')).toContain(
      'Nothing was changed: the level is executive, management or operational',
    );
    expect(await say('dana', w.internal, 'elements retire 42')).toContain('no element with that number');
  });

  it('When a client member proposes an element, then the team sees it and accepts it; the client cannot edit the list', async () => {
    expect(await say('c1', w.shared, 'elements propose Onboarding speed')).toContain('is proposed');
    expect(await say('c1', w.shared, 'elements add operational Hack')).toContain('the account team edits the elements');
    expect(await say('dana', w.internal, 'elements')).toContain('P1. Onboarding speed');
    expect(await say('dana', w.internal, 'elements accept P1 operational')).toContain(
      'Accepted \\"Onboarding speed\\"',
    );
    expect(await say('dana', w.internal, 'elements')).toContain('7. Onboarding speed (operational)');
  });

  it('When someone who may not rate asks, then they are refused', async () => {
    w.shared.memberIds.push(w.m.third!.id);
    expect(await say('third', w.shared, 'elements')).toContain('nothing was saved');
    expect(await say('marco', w.internal, 'elements add operational X1')).toContain('Only the client');
  });
});

describe('Irritants (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When a round closes with a client comment, then both sides see it without a name and either side updates its status', async () => {
    await closeRoundWithComment();
    const seen = await say('c2', w.shared, 'irritants');
    expect(seen).toContain('1. Invoices arrive late (Responsiveness): open; raised by the client; no owner yet');
    expect(seen).not.toContain('Client c1');
    expect(await say('c2', w.shared, 'irritants 1 in progress')).toContain('is now in progress');
    expect(await say('dana', w.internal, 'irritants')).toContain('Invoices arrive late (Responsiveness): in progress');
    expect(await say('dana', w.internal, 'irritants 1 done')).toContain('the status is open, in progress or fixed');
    expect(await say('dana', w.internal, 'irritants 1 fixed')).toContain('is now fixed');
  });

  it('When either side names an owner for an irritant, then both sides see it; a name with markup changes nothing', async () => {
    await closeRoundWithComment();
    expect(await say('dana', w.internal, 'irritants 1 owner Finance team (Dana)')).toContain(
      'is now owned by Finance team (Dana)',
    );
    expect(await say('c2', w.shared, 'irritants')).toContain('owner: Finance team (Dana)');
    expect(await say('c2', w.shared, 'irritants 1 owner [Pat](https://evil.example)')).toContain('cannot hold markup');
    expect(await say('c2', w.shared, 'irritants 1 owner Pat at Northwind')).toContain('owned by Pat at Northwind');
    const seen = await say('dana', w.internal, 'irritants');
    expect(seen).toContain('owner: Pat at Northwind');
    expect(seen).not.toContain('evil.example');
  });

  it('When the next round opens, then its form has the current elements only (the retired one is gone)', async () => {
    await editElements();
    await closeRoundWithComment();
    await say('dana', w.internal, 'start rating round');
    const view = await w.act('29:c1', w.shared, 'rating.view', { roundId: (await w.openRound()).id });
    expect(view.text).toContain('Invoice correctness');
    expect(view.text).not.toContain('Strategic alignment');
  });
});
