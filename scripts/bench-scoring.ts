import { addMonths, type Period } from '../src/core/domain/period.ts';
import { scoreAccount, type ScorecardInput } from '../src/core/scoring/scorecard.ts';
import { scorecardCard } from '../src/features/cards/scorecard-card.ts';
import type { Rating } from '../src/core/scoring/ratings.ts';
import type { MonthlyReturn } from '../src/core/domain/monthly-return.ts';
import { DEFAULT_SCORING_SETTINGS } from '../src/core/scoring/settings.ts';
import { readFileSync } from 'node:fs';
import * as ACData from 'adaptivecards-templating';
import { cardsDir } from '../src/features/cards/render-card.ts';
import { clearBench, recordBench, row } from './bench/bench-results.ts';

/**
 * `npm run bench:scoring [-- 10000]`: scores N accounts, each with 36 months of returns, once for each of its 12
 * rating rounds (12 scorecards an account), in memory; then binds the latest round's scorecard card of every account
 * and reports the largest one's size. Baselines, timed in the same process: the same loops without the scoring call;
 * and for binding, what the binder paid on every card before templates were parsed once (parsing the scorecard
 * template, timed on 200 parses, plus today's bind).
 */
const n = Number(process.argv[2] ?? 10_000);
clearBench('scoring');
const period = '2026-10' as Period;
const elements = [
  'Responsiveness',
  'Quality of delivery',
  'Understanding of our business',
  'Cost and efficiency',
  'Strategic alignment',
  'Communication',
];
let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

const ROUNDS = 12;
process.stderr.write(`Generating ${n} accounts x 36 months x ${ROUNDS} rating rounds...\n`);
/** Per account, one input per rating round, oldest first: they differ only in `ratings`. */
const inputs: ScorecardInput[][] = [];
for (let i = 0; i < n; i++) {
  const hours = new Map<Period, number>();
  for (let m = 0; m < 36; m++) if (rnd() > 0.1) hours.set(addMonths(period, -m), Math.round(rnd() * 400) / 10);
  const rounds: Rating[][] = Array.from({ length: ROUNDS }, (_, r) =>
    elements.flatMap((element) => [
      ...Array.from({ length: 4 }, (_, k) => ({
        element,
        raterId: `c${r}-${k}`,
        side: 'client' as const,
        performance: 1 + Math.floor(rnd() * 5),
        importance: 1 + Math.floor(rnd() * 5),
        comment: rnd() > 0.8 ? 'Slow answers to tickets' : null,
      })),
      ...Array.from({ length: 3 }, (_, k) => ({
        element,
        raterId: `i${r}-${k}`,
        side: 'internal' as const,
        performance: 1 + Math.floor(rnd() * 5),
        importance: 1 + Math.floor(rnd() * 5),
      })),
    ]),
  );
  const ret: MonthlyReturn = {
    period,
    peopleMet: null,
    salesforceAtSave: null,
    accountId: `001${i}`,
    amSfUserId: '005A',
    status: 'submitted',
    noMeetings: false,
    submittedBy: 'x',
    submittedAt: new Date(),
    meetings: Array.from({ length: 8 }, (_, k) => ({
      sfEventId: `00U${i}-${k}`,
      date: '2026-10-05',
      subject: 'Meeting',
      minutes: 60,
      clientAttendees: 3,
      ourAttendees: 2,
      faceToFace: true,
      clientNames: ['A', 'B', 'C'],
    })),
    keyActivities: Array.from({ length: 3 }, (_, k) => ({
      title: `Activity ${k} with a reasonably long title to be realistic`,
      type: 'workshop' as const,
      date: '2026-10-10',
    })),
    ballWith: 'joint',
    riskFlags: ['competitor', 'price_pressure'],
    stage: 4,
    jointPlan: true,
    sharedMeasures: true,
    nextStep: 'Agree the joint plan for next year with the client executive team',
    clientManHours: hours.get(period) ?? null,
    ourManHours: 16,
  };
  const input: ScorecardInput = {
    period,
    account: {
      id: `001${i}`,
      name: `Account ${i} with a long company name Ltd`,
      annualRevenue: Math.round(rnd() * 1e8),
    },
    totalKeyAccountRevenue: 5e11,
    hours,
    thisReturn: ret,
    lastReturn: ret,
    peopleMet: Array.from({ length: 12 }, (_, k) => ({
      id: `c${k}`,
      level: (['executive', 'management', 'operational'] as const)[k % 3]!,
    })),
    casesPerWeek: Array.from({ length: 9 }, () => Math.floor(rnd() * 5)),
    ratings: null,
    currency: 'GBP',
    opportunities: Array.from({ length: 5 }, (_, k) => ({
      amount: 100_000 * k,
      closeDate: `2027-0${k + 1}-01`,
      isRenewal: k === 0,
    })),
    sponsorLeft: false,
    stageAssessment: { stage: 4, jointPlan: true, sharedMeasures: true },
    scoringSettings: { ...DEFAULT_SCORING_SETTINGS, years: 5 },
  };
  inputs.push(rounds.map((ratings) => ({ ...input, ratings })));
}

const baselineStart = performance.now();
let checksum = 0;
for (const account of inputs) for (const input of account) checksum += input.hours.size + (input.ratings?.length ?? 0);
const baselineMs = performance.now() - baselineStart;

const start = performance.now();
const cards = inputs.map((account) => account.map(scoreAccount).at(-1)!);
const scoreMs = performance.now() - start;

const bindStart = performance.now();
let largest = 0;
for (const s of cards) largest = Math.max(largest, Buffer.byteLength(JSON.stringify(scorecardCard(s).content)));
const bindMs = performance.now() - bindStart;

const scorecardTemplate = JSON.parse(readFileSync(`${cardsDir}scorecard.json`, 'utf8')) as object;
const parses = 200;
const parseStart = performance.now();
for (let i = 0; i < parses; i++) new ACData.Template(scorecardTemplate);
const parseMs = (performance.now() - parseStart) / parses;
const bindPerCard = bindMs / n;
recordBench('scoring', [
  row({
    bench: 'scoring',
    measure: `score ${n} accounts x ${ROUNDS} rating rounds (36 months each)`,
    value: scoreMs / n,
    unit: `ms/account (${ROUNDS} scorecards)`,
    baseline: null,
    note: `${n * ROUNDS} scorecards in ${(scoreMs / 1000).toFixed(2)} s; loops without scoring ${baselineMs.toFixed(1)} ms`,
  }),
  row({
    bench: 'scoring',
    measure: `bind ${n} scorecards (latest round)`,
    value: bindPerCard,
    unit: 'ms/card',
    baseline: { label: 'parse per bind, as before', value: parseMs + bindPerCard },
    goal: [{ of: 'ratio', op: '<=', bound: 0.1 }],
    note: `${(bindMs / 1000).toFixed(2)} s in all (about 40 s before); template parse ${parseMs.toFixed(2)} ms; largest card ${(largest / 1024).toFixed(1)} KB`,
  }),
]);

console.log(
  '| accounts | months | rating rounds scored | score all (s) | per account (ms) | bind latest cards (s) | largest card (KB) | baseline loop (ms) |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
console.log(
  `| ${n} | 36 | ${ROUNDS} | ${(scoreMs / 1000).toFixed(2)} | ${(scoreMs / n).toFixed(3)} | ` +
    `${(bindMs / 1000).toFixed(2)} | ${(largest / 1024).toFixed(1)} | ${baselineMs.toFixed(1)} (checksum ` +
    `${checksum}) |`,
);
