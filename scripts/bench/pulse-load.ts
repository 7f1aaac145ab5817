import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { actions, inputValues } from '../../test/support/card-client.ts';
import { benchIds, benchManager } from './bench-ids.ts';
import { productionStart } from '../build/production-command.ts';

/** A server process of a benchmark and the first line it printed. */
export interface Served {
  child: ChildProcess;
  lines: AsyncIterator<string>;
  info: { url: string; serviceUrl: string; token: string; period?: string };
}

/** Starts a benchmark server script in its own process and waits for its first line. */
export async function serve(script: string, env: Record<string, string | undefined>): Promise<Served> {
  // BENCH_CPU_PROF=<dir> profiles the servers (node --cpu-prof), to find where a request's time goes.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  // The servers run with start:prod's Node options (the heap's limit among them), the echo bot as our server.
  const child = spawn(process.execPath, [...prof, ...productionStart().nodeOptions, '--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const rl: Interface = createInterface({ input: child.stdout! });
  const lines = rl[Symbol.asyncIterator]();
  // Its log (pino, on stdout) may come first: the ready line is the first JSON object with a url.
  for (;;) {
    const next = await lines.next();
    if (next.done) throw new Error(`${script} exited before it was ready`);
    const parsed = (() => {
      try {
        return JSON.parse(next.value) as Served['info'];
      } catch {
        return undefined;
      }
    })();
    if (parsed && typeof parsed.url === 'string') return { child, lines, info: parsed };
    process.stderr.write(`${next.value}\n`);
  }
}

/** The server's CPU time, RSS (and more) so far. */
export async function stats(
  s: Served,
): Promise<{ cpuMs: number; rssMb: number; outbox?: number; loopDelayP99Ms?: number; loopDelayMaxMs?: number }> {
  s.child.stdin!.write('stats\n');
  const next = await s.lines.next();
  if (next.done) throw new Error('The benchmark server closed its output before answering stats.');
  return JSON.parse(next.value as string);
}

/** Stops a server and waits for it to exit. */
export async function stop(s: Served) {
  s.child.kill('SIGTERM');
  await new Promise((r) => s.child.once('exit', r));
}

/** An `adaptiveCard/action` invoke from account manager `i`, as Teams sends it. */
export function invoke(info: Served['info'], i: number, verb: string, data: Record<string, unknown>) {
  const m = benchManager(i);
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `bench-${i}-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: info.serviceUrl,
    from: { id: m.teamsId, name: m.name, aadObjectId: m.aadObjectId },
    recipient: { id: `28:${benchIds.appId}`, name: 'Partnership Pulse' },
    conversation: { id: m.chatId, conversationType: 'personal', tenantId: benchIds.tenant },
    channelData: { tenant: { id: benchIds.tenant } },
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

/** The content type of an Adaptive Card in an invoke response. */
export const CARD = 'application/vnd.microsoft.card.adaptive';

/** A request generator: echo answers any verb; Pulse gets a save whose next step differs every time. */
export async function saveGenerator(info: Served['info'], managers: number): Promise<() => string> {
  const res = await fetch(info.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${info.token}` },
    body: JSON.stringify(invoke(info, 0, 'return.open', { period: info.period, accountId: benchManager(0).accountId })),
  });
  const form = ((await res.json()) as { value: unknown }).value;
  const save = actions(form).find((a) => a.verb === 'return.save');
  if (!save) throw new Error(`the form has no save action: ${JSON.stringify(form).slice(0, 300)}`);
  const inputs = inputValues(form);
  let n = 0;
  return () => {
    const i = n % managers;
    n += 1;
    return JSON.stringify(
      invoke(info, i, 'return.save', {
        ...inputs,
        ...save.data,
        accountId: benchManager(i).accountId,
        ballWith: 'joint',
        n0_date: `${info.period}-0${1 + (n % 9)}`,
        n0_minutes: '60',
        n0_clients: String(1 + (n % 5)),
        n0_f2f: 'true',
        a0_title: 'Quarterly review held',
        a0_type: 'workshop',
        a0_date: `${info.period}-12`,
        nextStep: `Agree the plan, step ${n}`,
      }),
    );
  };
}
