import { runFlows } from './cards/playground-flows.ts';
import { touches } from './cards/playground-page.ts';
import { withPlaygroundPage } from './cards/with-playground-page.ts';
import { clearBench, recordBench, row } from './bench/bench-results.ts';

/**
 * `npm run bench:effort`: respondent effort per card flow, measured in the Agents Playground's own web page (its
 * renderer and input validation) in headless Chromium. A person's intent is scripted (confirm Salesforce's meetings,
 * choose who has the ball; log one meeting; link the channel); every box a person must change to get there is
 * touched and counted, including a value the client draws that its own validation refuses. Touches are inputs
 * changed plus buttons clicked from the notification (or the typed command) to the confirming card.
 * Goals: the monthly check-in with Salesforce meetings takes at most 3 touches; rating all six default elements
 * takes at most two touches per element, plus Rate and Save (14). Exits 1 if a flow takes more.
 */
const GOALS: Record<string, number> = {
  'monthly check-in (Salesforce meetings)': 3,
  'rate as the account team': 2 * 6 + 2,
};

// Last run's rows go first: a run that fails before recording must not leave them for `npm run bench` to show.
clearBench('effort');
const started = Date.now();
const results = await withPlaygroundPage((pg, page) => runFlows(pg, page, { clearStrayValues: true }));
if (results) {
  const rows = results.map((r) => ({
    flow: r.name,
    messages: r.effort.messages,
    inputs: r.effort.inputs,
    clicks: r.effort.clicks,
    touches: touches(r.effort),
  }));
  console.log(`\nRespondent effort in the Agents Playground (${((Date.now() - started) / 1000).toFixed(0)} s):`);
  console.table(rows);
  const recorded = rows.map((r) =>
    row({
      bench: 'effort',
      measure: `touches, ${r.flow}`,
      value: r.touches,
      unit: 'touches',
      baseline: null,
      ...(GOALS[r.flow] !== undefined ? { goal: [{ of: 'value', op: '<=', bound: GOALS[r.flow]! }] as const } : {}),
      note: `${r.messages} typed, ${r.inputs} inputs, ${r.clicks} clicks`,
    }),
  );
  recordBench('effort', recorded);
  for (const [flow, bound] of Object.entries(GOALS)) {
    const held = recorded.find((r) => r.measure === `touches, ${flow}`);
    console.log(`${flow}: ${held?.value ?? '?'} touches (goal: at most ${bound}) ${held?.met ? 'met' : 'MISSED'}`);
    if (!held?.met) process.exitCode = 1;
  }
}
