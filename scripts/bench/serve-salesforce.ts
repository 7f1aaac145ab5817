import { systemClock } from '../../src/core/domain/clock.ts';
import { buildDemoOrg, DEMO_INTEGRATION_USERNAME } from '../../src/stand-ins/salesforce/demo/demo-org.ts';
import { SalesforceStandIn } from '../../src/stand-ins/salesforce/salesforce-stand-in.ts';

/** Benchmark helper: serves a generated org of KEY_ACCOUNTS accounts in its own process; prints its URL, then waits. */
const keyAccounts = Number(process.env.KEY_ACCOUNTS ?? 2000);
const meetings = Number(process.env.MEETINGS_PER_ACCOUNT ?? 10);
const dataset = buildDemoOrg({ keyAccounts, meetingsPerAccount: meetings, seed: 7, now: systemClock() });
const sf = await new SalesforceStandIn({
  dataset,
  client: {
    consumerKey: 'bench',
    clientSecret: 'bench-secret',
    publicKeyPem: '',
    integrationUsername: DEMO_INTEGRATION_USERNAME,
  },
  dailyApiLimit: 5_000_000,
}).start();
const counts = Object.fromEntries(
  ['Account', 'User', 'Contact', 'Event', 'EventRelation', 'Opportunity', 'Case'].map((t) => [t, dataset.count(t)]),
);
process.stdout.write(`${JSON.stringify({ url: sf.url, counts })}\n`);
process.on('SIGTERM', () => void sf.stop().then(() => process.exit(0)));
