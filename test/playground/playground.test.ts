import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlaygroundClient, type PlaygroundMessage } from '../support/playground-client.ts';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { botbuilderSender } from '../../src/adapters/teams/teams-sender.ts';
import { parsePeriod, periodLabel, previousPeriod, type Period } from '../../src/core/domain/period.ts';
import { actions, inputValues, invokeValue } from '../support/card-client.ts';
import { spawnSyncWatched, spawnWatched } from '../support/watched-child.ts';
import { answersOk, until } from '../support/until.ts';
import { once } from '../support/once.ts';

/** One `npm run playground` in its own data folder, with its output and a connected Playground client. */
interface Playground {
  child: ChildProcess;
  output: () => string;
  client: PlaygroundClient;
  botPort: number;
  playgroundPort: number;
  dataDir: string;
  stop: () => Promise<void>;
}

async function startPlayground(): Promise<Playground> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pulse-playground-'));
  const botPort = await freePort();
  const playgroundPort = await freePort();
  let output = '';
  const child = spawnWatched('npm', ['run', '--silent', 'playground'], {
    // The test runs the cycle by hand: a scheduled tick (every 15 minutes) would close the month under it.
    env: {
      ...process.env,
      PULSE_ENV: 'local',
      PORT: String(botPort),
      PLAYGROUND_PORT: String(playgroundPort),
      DATA_DIR: dataDir,
      TEAMSAPPTESTER_BROWSER: 'none',
      CYCLE_SCHEDULE: 'manual',
      // These flows answer every month themselves: the tab's demo history would answer some first.
      DEMO_HISTORY: 'off',
    },
    detached: true,
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const testConfig = `http://127.0.0.1:${playgroundPort}/_internal/v1/testConfig`;
  await until(`${testConfig} to come up`, () => answersOk(testConfig), 90_000, 250);
  const client = new PlaygroundClient(`http://127.0.0.1:${playgroundPort}`);
  await client.connect();
  const stop = async () => {
    client.close();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { child, output: () => output, client, botPort, playgroundPort, dataDir, stop };
}

describe('npm run playground (headless)', () => {
  // One Playground for the flows (starting one takes most of a minute); each test builds the state it needs on it
  // through the steps below, which run once whichever test asks first.
  let pg: Playground;
  let client: PlaygroundClient;
  let output: () => string;
  let botPort: number;
  let playgroundPort: number;
  let dataDir: string;

  beforeAll(async () => {
    pg = await startPlayground();
    ({ client, output, botPort, playgroundPort, dataDir } = pg);
  }, 120_000);

  afterAll(async () => {
    await pg?.stop();
  });

  /** The mock account manager says help in the personal chat: the bot meets them there, and the help card comes back. */
  const meetTheBot = once(async () => {
    const chat = client.config.personalChat.id;
    await client.say(chat, 'help');
    const reply = await client.waitFor(chat, (m) => (m.message.attachments ?? []).length > 0);
    const card = reply.message.attachments![0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(card.content)).toContain('What I do and the commands I understand');
  });

  it('When the mock account manager types help in the personal chat, then the help card comes back', async () => {
    await meetTheBot();
  });

  it('When text is unknown, then the bot answers in plain text pointing to help', async () => {
    const chat = client.config.personalChat.id;
    await client.say(chat, 'bananas');
    const reply = await client.waitFor(chat, (m) => (m.message.text ?? '').includes('bananas'));
    expect(reply.message.text).toContain('help');
  });

  /** Runs `npm run cycle -- <args>` against the running bot, as an operator would. */
  const cycle = (...args: string[]) => {
    const cli = spawnSyncWatched('npm', ['run', '--silent', 'cycle', '--', ...args], {
      env: { ...process.env, PULSE_ENV: 'local', PORT: String(botPort), DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(cli.status, cli.stderr).toBe(0);
    return cli.stdout;
  };

  /** Opens Northwind's return from a monthly prompt and saves it as prefilled from Salesforce; returns the saved card. */
  const answerNorthwind = async (prompt: PlaygroundMessage) => {
    const form = await client.invoke(
      prompt,
      invokeValue(actions(prompt.message.attachments![0]!.content).find((a) => a.verb === 'return.open')!),
    );
    expect(JSON.stringify(form)).toContain('Northwind Logistics');
    return client.invoke(
      prompt,
      invokeValue(actions(form).find((a) => a.verb === 'return.save')!, { ...inputValues(form), ballWith: 'us' }),
    );
  };

  /**
   * This month opened by `npm run cycle -- open` (before the roster is learned, so only the mock account manager is
   * prompted) and Northwind's return answered from the prompt; `status` then shows it answered.
   */
  const openAndAnswerThisMonth = once(async () => {
    // Only someone the bot has met can be prompted.
    await meetTheBot();
    const chat = client.config.personalChat.id;
    const out = cycle('open');
    expect(out).toMatch(/queued: 1;/);
    const period = parsePeriod(/\((\d{4}-\d{2})\)/.exec(out)![1]!)!;
    const prompt = await client.waitFor(
      chat,
      (m) => JSON.stringify(m.message.attachments ?? []).includes('Monthly check-in'),
      30_000,
    );
    // The demo org follows the seed example: Northwind's client man-hours are 6.0 last month and 8.0 this one.
    const saved = await answerNorthwind(prompt);
    expect(JSON.stringify(saved)).toContain('Saved. Thank you.');
    expect(JSON.stringify(saved)).toMatch(/8\.0 h/);
    await client.say(chat, 'status');
    const status = await client.waitFor(
      chat,
      (m) => JSON.stringify(m.message.attachments ?? []).includes('Answered: 8.0 h'),
      15_000,
    );
    expect(status).toBeDefined();
    return period;
  });

  /** The bot added to the Playground team (after this month is open), so it learns the roster and prompts it too. */
  const addToTeam = once(async () => {
    await openAndAnswerThisMonth();
    const base = `http://127.0.0.1:${playgroundPort}/_internal/v1/customActivities`;
    const teamId = client.config.teams[0]!.id;
    const template = await (
      await fetch(`${base}/template?conversationId=${encodeURIComponent(teamId)}&type=botAdded`)
    ).json();
    expect(
      (
        await fetch(base, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(template),
        })
      ).ok,
    ).toBe(true);
    await until('the team roster learned', () => output().includes('team roster learned'), 30_000, 100);
    expect(output()).toContain('team roster learned');
    expect(cycle('open')).toMatch(/queued: 3; already done: 1/);
  });

  const northwindChannel = () => client.config.teams[0]!.channels.find((c) => c.name === 'Northwind internal')!.id;

  /** The Northwind channel linked to Northwind Logistics from the `link` picker. */
  const linkNorthwindChannel = once(async () => {
    const channel = northwindChannel();
    await client.mention(channel, 'link');
    const picker = await client.waitFor(channel, (m) =>
      JSON.stringify(m.message.attachments ?? []).includes('Link this channel to a key account'),
    );
    const card = picker.message.attachments![0]!.content;
    const northwind = /"title":"Northwind Logistics","value":"(\w+)"/.exec(JSON.stringify(card))?.[1];
    expect(northwind).toBeDefined();
    const linked = await client.invoke(
      picker,
      invokeValue(actions(card).find((a) => a.verb === 'channel.link')!, { accountId: northwind! }),
    );
    expect(JSON.stringify(linked)).toContain('This channel is now linked to Northwind Logistics');
  });

  /**
   * Last month opened (to the whole roster), answered and closed, then this month closed, each posting Northwind's
   * scorecard to the linked channel; returns this month's post.
   */
  const closeBothMonths = once(async () => {
    const period = await openAndAnswerThisMonth();
    await addToTeam();
    await linkNorthwindChannel();
    const channel = northwindChannel();
    // Last month too: the account manager answers it (6.0 h, prefilled from Salesforce), and it closes first.
    const before = previousPeriod(period);
    const chat = client.config.personalChat.id;
    expect(cycle('open', '--period', before)).toMatch(/queued: 4;/);
    const prompt = await client.waitFor(
      chat,
      (m) => JSON.stringify(m.message.attachments ?? []).includes(`Monthly check-in: ${periodLabel(before)}`),
      30_000,
    );
    expect(JSON.stringify(await answerNorthwind(prompt))).toMatch(/6\.0 h/);
    expect(cycle('close', '--period', before)).toMatch(/scorecards posted to linked channels: 1;/);
    const scorecardOf = (p: Period) =>
      client.waitFor(
        channel,
        (m) => JSON.stringify(m.message.attachments ?? []).includes(`Northwind Logistics: ${periodLabel(p)}`),
        30_000,
      );
    const first = JSON.stringify((await scorecardOf(before)).message.attachments![0]!.content);
    expect(first).toContain('Complete: the account manager answered for this month.');

    expect(cycle('close')).toMatch(/scorecards posted to linked channels: 1;/);
    const posted = await scorecardOf(period);
    const text = JSON.stringify(posted.message.attachments![0]!.content);
    // DOMAIN.md: developing when this month's client man-hours exceed last month's (8.0 > 6.0).
    expect(text).toContain('Client man-hours 8.0 h, up from 6.0');
    expect(text).toContain('Status: Developing');
    const chart = (
      posted.message.attachments![0]!.content.body as { type: string; data?: { y: number | null }[] }[]
    ).find((e) => e.type === 'Chart.VerticalBar');
    // Six fixed months: the four without a return have no bar (null), never a zero.
    expect(chart?.data?.map((d) => d.y)).toEqual([null, null, null, null, 6, 8]);
    expect(text).toContain('Complete: the account manager answered for this month.');
    expect(text).not.toContain('Incomplete');
    // Closing again posts nothing new.
    expect(cycle('close')).toMatch(/nothing to do: the period is already closed/);
    return posted;
  });

  it("When an operator runs npm run cycle -- open, then the prompt appears in the mock account manager's " +
    'chat; answering it stores the return and shows the saved card', async () => {
    await openAndAnswerThisMonth();
  }, 90_000);

  it('When the bot is added to the Playground team, then it reads the roster and the other account managers can be prompted too', async () => {
    await addToTeam();
  }, 120_000);

  it("When the account team links the Northwind channel and the months close, then each month's scorecard " +
    'appears in that channel with the numbers of the returns', async () => {
    await closeBothMonths();
  }, 180_000);

  it("When a posted scorecard changes, then the engine's sender updates that post in place: the Playground shows an update, not a new post", async () => {
    const scorecardPost = await closeBothMonths();
    const channel = northwindChannel();
    const sender = botbuilderSender(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), '');
    const thread = {
      serviceUrl: `http://localhost:${playgroundPort}/_connector`,
      botId: client.config.bot.id,
      conversationId: `${channel};messageid=${scorecardPost.message.messageId}`,
      conversationType: 'channel',
      tenantId: client.config.tenantId,
    };
    const card = structuredClone(scorecardPost.message.attachments![0]!);
    (card.content.body as { text?: string }[])[0]!.text += ' (updated)';
    const before = client.messages.length;
    await sender.send({
      to: { kind: 'conversation', reference: thread },
      activity: { type: 'message', attachments: [card] },
      replaceActivityId: scorecardPost.message.messageId,
      threadKey: channel,
      tenantId: client.config.tenantId,
    });
    const update = await client.waitFor(
      channel,
      (m) => m.action === 'updateMessage' && m.message.messageId === scorecardPost.message.messageId,
    );
    expect(JSON.stringify(update.message.attachments)).toContain('(updated)');
    expect(client.messages.slice(before).filter((m) => m.action === 'createMessage')).toEqual([]);
  }, 180_000);

  it('When the account team starts a rating round in the Playground (one tenant, so no shared channel), ' +
    'then the card appears in the internal channel and the mock user rates as an internal rater', async () => {
    // The mock user rates once the bot knows them from the team's roster, in the channel linked to Northwind.
    await addToTeam();
    await linkNorthwindChannel();
    const channel = northwindChannel();
    await client.mention(channel, 'start rating round');
    await client.waitFor(
      channel,
      (m) => String(m.message.text ?? '').includes('A rating round for Northwind Logistics is open until'),
      30_000,
    );
    const isRoundCard = (m: PlaygroundMessage) =>
      m.action !== 'updateMessage' &&
      JSON.stringify(m.message.attachments ?? []).includes('Rate our work with you: Northwind Logistics');
    // The round's post arrives through the outbox; `rate` shows the same card as a reply, where the Playground
    // answers card actions (it does not find a proactive thread's root message for an invoke).
    await client.waitFor(channel, isRoundCard, 30_000);
    const seen = new Set(client.messages);
    await client.mention(channel, 'rate');
    const posted = await client.waitFor(channel, (m) => !seen.has(m) && isRoundCard(m), 30_000);
    const round = posted.message.attachments![0]!.content;
    const form = (await client.invoke(
      posted,
      invokeValue(actions(round).find((a) => a.verb === 'rating.view')!),
    )) as Record<string, unknown>;
    expect(JSON.stringify(form)).toContain('Internal rating: Northwind Logistics');
    const inputs = Object.fromEntries(
      Object.keys(inputValues(form))
        .filter((k) => k.startsWith('p_') || k.startsWith('i_'))
        .map((k) => [k, '4']),
    );
    const saved = await client.invoke(
      posted,
      invokeValue(actions(form).find((a) => a.verb === 'rating.save')!, inputs),
    );
    expect(JSON.stringify(saved)).toContain('your answers are saved');
  }, 120_000);
});

describe('npm run playground (headless), stopped', () => {
  // Its own Playground: stopping the one the flows share would break whichever of them runs after it.
  let pg: Playground | undefined;

  afterAll(async () => {
    await pg?.stop();
  });

  it('When stopped with SIGTERM, then the bot and the Playground both exit', async () => {
    pg = await startPlayground();
    const { child, botPort } = pg;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    // npm may exit before the bot has finished its own clean stop (it closes its database first): give the bot up
    // to 15 s to be gone; one left running, orphaned, keeps answering and fails here.
    const answers = () =>
      fetch(`http://127.0.0.1:${botPort}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
        () => true,
        () => false,
      );
    await until('the bot to be gone', async () => !(await answers()), 15_000, 250);
    await expect(fetch(`http://127.0.0.1:${botPort}/healthz`)).rejects.toThrow();
    expect(pg.output()).toContain('Agents Playground on');
  }, 150_000);
});
