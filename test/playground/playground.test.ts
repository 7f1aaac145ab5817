import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlaygroundClient } from '../support/playground-client.ts';

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

  it('When stopped with SIGTERM, then the bot and the Playground both exit', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    await expect(fetch(`http://127.0.0.1:${botPort}/healthz`)).rejects.toThrow();
    expect(output).toContain('Agents Playground on');
  }, 30_000);
});
