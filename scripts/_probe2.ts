import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteDatabase } from '../src/store/pglite-database.ts';
import { migrate } from '../src/store/migrate.ts';
const db = await openPgliteDatabase(join(mkdtempSync(join(tmpdir(), 'probe-')), 'pg'));
await migrate(db);
const times: number[] = [];
const t0 = performance.now();
for (let i = 0; i < 3000; i++) {
  const s = performance.now();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO outbox (target, object, key, payload) VALUES ('salesforce','X',$1,$2) ON CONFLICT (target, object, key) DO UPDATE SET payload = EXCLUDED.payload, version = outbox.version + 1`,
      [`k${i % 200}`, JSON.stringify({ a: 'x'.repeat(500), i })],
    );
  });
  const d = performance.now() - s;
  times.push(d);
  if (d > 100) console.log('slow', i, d.toFixed(0), 'ms at', ((performance.now() - t0) / 1000).toFixed(1), 's');
}
times.sort((a, b) => a - b);
console.log('p50', times[1500]!.toFixed(2), 'p99', times[2970]!.toFixed(2), 'max', times.at(-1)!.toFixed(0));
const s = performance.now();
for (let i = 0; i < 2000; i++) await db.query('SELECT 1');
console.log('SELECT 1 ms', (performance.now() - s) / 2000);
const s2 = performance.now();
for (let i = 0; i < 500; i++)
  await db.transaction(async (tx) => {
    await tx.query('SELECT 1');
  });
console.log('empty tx ms', (performance.now() - s2) / 500);
