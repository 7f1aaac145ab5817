/**
 * The client-ratings tests' world: a ratings world of its own for each test (useRatingsWorld), the steps that build
 * the state a test starts from (so each test of client-ratings*.test.ts runs alone and in any order), and the leak
 * scan, run after every test.
 */
import { afterEach, expect } from 'vitest';
import { QUALITY, RESPONSIVENESS, useRatingsWorld } from './ratings-world.ts';
import { channelEvents } from '../../src/stand-ins/teams/channel-events.ts';

/** What the internal channel, the logs and Salesforce may hold, but nothing the client sees. */
const INTERNAL_ONLY = [
  'Revenue',
  'revenue',
  'asset value',
  'At risk',
  'Stalled',
  'price_pressure',
  'risk',
  'perception gap',
  'gap +',
  'we 4.5',
  'Internal rating',
  '62000000',
  'Client c1',
  'Client c2',
  'aad-c',
  'Dana',
];

/** The hand-computed example's answers (element, performance, importance): three client raters and two of the team. */
const EXAMPLE: Record<string, [number, number, number][]> = {
  c1: [
    [RESPONSIVENESS, 2, 5],
    [QUALITY, 4, 3],
  ],
  c2: [
    [RESPONSIVENESS, 1, 4],
    [QUALITY, 4, 4],
  ],
  c3: [
    [RESPONSIVENESS, 3, 5],
    [QUALITY, 5, 2],
  ],
  dana: [
    [RESPONSIVENESS, 4, 4],
    [QUALITY, 4, 4],
  ],
  sam: [
    [RESPONSIVENESS, 5, 4],
    [QUALITY, 3, 3],
  ],
};

/** Registers the world per test and the leak scan after each test; returns the world with its steps. */
export function useClientRatingsWorld() {
  const w = useRatingsWorld({ perTest: true });
  const { t, m, say, rate, drain } = w;

  /** Dana starts a round in the internal channel, and its cards are delivered to both channels. */
  async function startRound() {
    const out = await say('dana', w.internal, 'start rating round');
    await drain();
    return out;
  }

  /**
   * The first round as far as the fewer-than-MIN_RATERS test finds it: c1 rated (and rated again), Dana rated, c4
   * removed from the shared channel.
   */
  async function firstRoundRatedByOne() {
    await startRound();
    await rate('c1', w.shared, EXAMPLE.c1!);
    await rate('dana', w.internal, EXAMPLE.dana!);
    await t.bot.teams.deliver(channelEvents(t.bot.teams).memberRemoved(w.shared, m.dana!.id, '29:c4'));
  }

  /** The hand-computed example's answers in the open round: c1, c2 and c3 for the client, Dana and Sam for the team. */
  async function rateHandComputedExample() {
    if (!w.shared.memberIds.includes('29:c4')) w.shared.memberIds.push('29:c4');
    for (const key of ['c1', 'c2', 'c3']) await rate(key, w.shared, EXAMPLE[key]!);
    for (const key of ['dana', 'sam']) await rate(key, w.internal, EXAMPLE[key]!);
  }

  /**
   * The leak scan: nothing the stand-in received for the shared channel, nor any answer given there, holds
   * internal-only data or a name; nor do the logs hold an answer or a comment. Returns what it scanned.
   */
  function scanForLeaks(): string {
    const everything = [
      // What members see: text and cards (a reply's envelope names its recipient, which only that member sees).
      ...t.bot.teams
        .sentTo(w.shared.id, ['send', 'reply', 'create', 'update'])
        .map((r) => JSON.stringify([r.activity.text, r.activity.attachments])),
      ...w.sharedAnswers,
    ].join('\n');
    for (const internalOnly of INTERNAL_ONLY) expect(everything, internalOnly).not.toContain(internalOnly);
    const logs = JSON.stringify(t.bot.logs.lines);
    expect(logs).not.toContain('Tickets wait for days');
    expect(logs).not.toMatch(/"performance":\d/);
    return everything;
  }

  // Whatever a test did, the shared channel and the logs hold nothing internal.
  afterEach(() => {
    scanForLeaks();
  });

  return Object.assign(w, { startRound, firstRoundRatedByOne, rateHandComputedExample, scanForLeaks });
}
