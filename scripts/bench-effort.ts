import { chromium } from 'playwright-core';
import { runFlows } from './cards/playground-flows.ts';
import { chromiumOptions, PlaygroundPage, touches } from './cards/playground-page.ts';
import { startPlayground } from './cards/start-playground.ts';
import { recordBench, row } from './bench/bench-results.ts';

/**
 * `npm run bench:effort`: respondent effort per card flow, measured in the Agents Playground's own web page (its
 * renderer and input validation) in headless Chromium. A person's intent is scripted (confirm Salesforce's meetings,
 * choose who has the ball; log one meeting; link the channel); every box a person must change to get there is
 * touched and counted, including a value the client draws that its own validation refuses. Touches are inputs
 * changed plus buttons clicked from the notification (or the typed command) to the confirming card.
 * Goal (issue 15): the monthly check-in with Salesforce meetings takes at most 3 touches; exits 1 if it takes more.
 */
const GOAL = { flow: 'monthly check-in (Salesforce meetings)', touches: 3 };

const started = Date.now();
const pg = await startPlayground();
const browser = await chromium.launch(chromiumOptions).catch(async (error: Error) => {
  await pg.stop();
  process.stderr.write(
    `Could not start Chromium (${error.message.split('\n')[0]}). Install it: apt-get install chromium\n`,
  );
  process.exit(1);
});
let results;
try {
  const page = await PlaygroundPage.open(browser, pg.url);
  results = await runFlows(pg, page, { clearStrayValues: true });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${pg.output().slice(-1500)}\n`);
  process.exitCode = 1;
} finally {
  await browser.close();
  await pg.stop();
}
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
  const goal = rows.find((r) => r.flow === GOAL.flow);
  const met = goal !== undefined && goal.touches <= GOAL.touches;
  console.log(
    `${GOAL.flow}: ${goal?.touches ?? '?'} touches (goal: at most ${GOAL.touches}) ${met ? 'met' : 'MISSED'}`,
  );
  recordBench(
    'effort',
    rows.map((r) =>
      row({
        bench: 'effort',
        measure: `touches, ${r.flow}`,
        value: r.touches,
        unit: 'touches',
        baseline: null,
        ...(r.flow === GOAL.flow ? { goal: `<= ${GOAL.touches}`, met: r.touches <= GOAL.touches } : {}),
        note: `${r.messages} typed, ${r.inputs} inputs, ${r.clicks} clicks`,
      }),
    ),
  );
  if (!met) process.exitCode = 1;
}
