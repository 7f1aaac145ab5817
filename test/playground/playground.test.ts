import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlaygroundClient } from '../support/playground-client.ts';
import { actions, inputValues, invokeValue } from '../support/card-client.ts';

async function waitUntil(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('npm run playground (headless)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pulse-playground-'));
  let child: ReturnType<typeof spawn>;
  let output = '';
  let client: PlaygroundClient;
  let botPort: number;
  let playgroundPort: number;

  beforeAll(async () => {
    botPort = await freePort();
    playgroundPort = await freePort();
    child = spawn('npm', ['run', '--silent', 'playground'], {
      env: { ...process.env, PULSE_ENV: 'local', PORT: String(botPort), PLAYGROUND_PORT: String(playgroundPort), DATA_DIR: dataDir, TEAMSAPPTESTER_BROWSER: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    await waitUntil(`http://127.0.0.1:${playgroundPort}/_internal/v1/testConfig`, 90_000);
    client = new PlaygroundClient(`http://127.0.0.1:${playgroundPort}`);
    await client.connect();
  }, 120_000);

  afterAll(async () => {
    client?.close();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('When the mock account manager types help in the personal chat, then the help card comes back', async () => {
    const chat = client.config.personalChat.id;
    await client.say(chat, 'help');
    const reply = await client.waitFor(chat, (m) => (m.message.attachments ?? []).length > 0);
    const card = reply.message.attachments![0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(card.content)).toContain('What I do and the commands I understand');
  });

  it('When text is unknown, then the bot answers in plain text pointing to help', async () => {
    const chat = client.config.personalChat.id;
    await client.say(chat, 'bananas');
    const reply = await client.waitFor(chat, (m) => (m.message.text ?? '').includes('bananas'));
    expect(reply.message.text).toContain('help');
  });

  it('When an operator runs npm run cycle -- open, then the prompt appears in the mock account manager\'s chat; answering it stores the return and shows the saved card', async () => {
    const chat = client.config.personalChat.id;
    const cli = spawnSync('npm', ['run', '--silent', 'cycle', '--', 'open'], { env: { ...process.env, PULSE_ENV: 'local', PORT: String(botPort), DATA_DIR: dataDir }, encoding: 'utf8' });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/queued: 1;/);
    const prompt = await client.waitFor(chat, (m) => JSON.stringify(m.message.attachments ?? []).includes('Monthly check-in'), 30_000);
    const card = prompt.message.attachments![0]!.content;
    const click = async (action: { verb: string; data: Record<string, unknown> }, inputs: Record<string, string> = {}) => {
      const res = await fetch(`http://127.0.0.1:${playgroundPort}/_conversation/v1/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'adaptiveCard/action', value: invokeValue({ ...action, title: '' }, inputs), from: { id: client.config.currentUser.id }, conversation: { id: chat }, replyToId: prompt.message.messageId }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { value: unknown }).value;
    };
    const form = await click(actions(card).find((a) => a.verb === 'return.open')!);
    expect(JSON.stringify(form)).toContain('Northwind Logistics');
    const saved = await click(actions(form).find((a) => a.verb === 'return.save')!, { ...inputValues(form), ballWith: 'us' });
    expect(JSON.stringify(saved)).toContain('Saved. Thank you.');
    expect(JSON.stringify(saved)).toMatch(/8\.0 h/);
    await client.say(chat, 'status');
    const status = await client.waitFor(chat, (m) => JSON.stringify(m.message.attachments ?? []).includes('Answered: 8.0 h'), 15_000);
    expect(status).toBeDefined();
  }, 90_000);

  it('When the bot is added to the Playground team, then it reads the roster and the other account managers can be prompted too', async () => {
    const base = `http://127.0.0.1:${playgroundPort}/_internal/v1/customActivities`;
    const teamId = client.config.teams[0]!.id;
    const template = await (await fetch(`${base}/template?conversationId=${encodeURIComponent(teamId)}&type=botAdded`)).json();
    expect((await fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(template) })).ok).toBe(true);
    for (let i = 0; i < 300 && !output.includes('team roster learned'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain('team roster learned');
    const cli = spawnSync('npm', ['run', '--silent', 'cycle', '--', 'open'], { env: { ...process.env, PULSE_ENV: 'local', PORT: String(botPort), DATA_DIR: dataDir }, encoding: 'utf8' });
    expect(cli.stdout).toMatch(/queued: 3; already done: 1/);
  }, 60_000);

  it('When stopped with SIGTERM, then the bot and the Playground both exit', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    await expect(fetch(`http://127.0.0.1:${botPort}/healthz`)).rejects.toThrow();
    expect(output).toContain('Agents Playground on');
  }, 30_000);
});
