import { describe, expect, it } from 'vitest';
import { pooledResponseRate, ratersOn, responseRate, responseRateLine } from '../../src/core/scoring/response-rate.ts';
import { changeText } from '../../src/core/scoring/element-line.ts';

describe('The response rate of a round (issue 27, item 5)', () => {
  it('counts people, not answers: one client member who rated two elements is one', () => {
    const answers = [
      { side: 'client', raterKey: 'a' },
      { side: 'client', raterKey: 'a' },
      { side: 'client', raterKey: 'b' },
      { side: 'internal', raterKey: 'c' },
    ] as const;
    expect(ratersOn(answers, 'client')).toBe(2);
    expect(ratersOn(answers, 'internal')).toBe(1);
  });

  it.each([
    [3, 4, { members: 4, percent: 75 }],
    [1, 3, { members: 3, percent: 33.3 }],
    // Members who rated and left before the close still rated: never above 100%, the count as read.
    [3, 2, { members: 2, percent: 100 }],
    // Unknown members, or none: a gap, never a zero.
    [2, null, { members: null, percent: null }],
    [0, 0, { members: 0, percent: null }],
    [0, 5, { members: 5, percent: 0 }],
  ] as const)('%i raters of %s members', (rated, members, expected) => {
    expect(responseRate('2026-11-18', rated, members)).toEqual({ closedOn: '2026-11-18', rated, ...expected });
  });

  it('says it in words, a gap as a gap', () => {
    expect(responseRateLine(responseRate('2026-11-18', 3, 4))).toBe(
      '3 of 4 client members rated (75%) in the round closed on 2026-11-18',
    );
    expect(responseRateLine(responseRate('2026-11-18', 3, null))).toContain('was not read');
    expect(responseRateLine(null)).toBe('No rating round closed yet');
    expect(responseRateLine(responseRate('2026-11-18', 0, 0))).toBe(
      'The shared channel had no client members when the round closed on 2026-11-18',
    );
  });

  it('adds accounts up over the rounds whose members are known (members, not an average of percentages)', () => {
    expect(
      pooledResponseRate([
        responseRate('2026-11-18', 1, 10),
        responseRate('2026-11-18', 3, 3),
        responseRate('2026-11-18', 4, null),
        null,
      ]),
    ).toEqual({ rated: 4, members: 13, percent: 30.8, rounds: 2 });
    expect(pooledResponseRate([null])).toEqual({ rated: 0, members: 0, percent: null, rounds: 0 });
  });

  it("words each element's change since the round before", () => {
    expect(changeText(null)).toBe('');
    expect(changeText(0)).toBe('unchanged since the round before');
    expect(changeText(0.5)).toBe('up 0.5 since the round before');
    expect(changeText(-1)).toBe('down 1.0 since the round before');
  });
});

describe("The quarterly portfolio card's response rate", () => {
  it('adds up the accounts’ latest rounds, and says nothing of it before any round', async () => {
    const { portfolioSummary } = await import('../../src/core/scoring/portfolio.ts');
    const { portfolioCard } = await import('../../src/features/cards/portfolio-card.ts');
    const card = (name: string, rate: ReturnType<typeof responseRate> | null) =>
      ({
        accountName: name,
        hours: { notDevelopingStreak: 0 },
        ratings: null,
        stake: { customerAssetValue: null, currency: null, shareOfRevenue: null },
        status: 'developing',
        actionPlan: null,
        responseRate: rate,
      }) as unknown as Parameters<typeof portfolioSummary>[0][number];
    const summary = portfolioSummary(
      [card('Contoso', responseRate('2026-10-15', 1, 10)), card('Northwind', responseRate('2026-10-20', 3, 3))],
      { submitted: 2, expected: 2 },
    );
    expect(summary.responseRate).toEqual({ rated: 4, members: 13, percent: 30.8, rounds: 2 });
    expect(JSON.stringify(portfolioCard('Q4 2026', summary).content)).toContain(
      'client response rate in the latest rounds: 4 of 13 members (30.8%)',
    );
    const none = portfolioSummary([card('Adatum', null)], { submitted: 0, expected: 1 });
    expect(none.responseRate).toBeNull();
    expect(JSON.stringify(portfolioCard('Q4 2026', none).content)).not.toContain('response rate');
  });
});
