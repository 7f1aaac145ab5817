import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { botbuilderSender } from '../../src/adapters/teams/teams-sender.ts';
import { classifyConnectorError } from '../../src/adapters/teams/connector-errors.ts';
import { DeliveryError } from '../../src/adapters/teams/teams-delivery.ts';

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('What the engine makes of a failed send', () => {
  it('When Teams cannot be reached at all, then the send is retried later (transient)', async () => {
    const sender = botbuilderSender(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), '');
    const reference = { serviceUrl: `http://127.0.0.1:${await closedPort()}/`, conversationId: 'a:1', botId: '28:bot' };
    const error = await sender
      .send({
        to: { kind: 'conversation', reference },
        activity: { type: 'message', text: 'hi' },
        threadKey: 'a:1',
        tenantId: 't',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ kind: 'transient', message: 'Teams could not be reached (ECONNREFUSED)' });
  });

  it('When the send fails inside the bot before reaching Teams, then it is not retried: a retry would fail the same way', () => {
    const e = classifyConnectorError(new TypeError('context.adapter.createConnectorClient is not a function'));
    expect(e).toMatchObject({ kind: 'permanent' });
    expect(e.message).toContain('createConnectorClient is not a function');
  });

  it('When Teams answers, then 429 waits for Retry-After, 403/404 give up on the recipient, 5xx and 412 retry, other refusals stop', () => {
    const answer = (statusCode: number, body = '', headers: Record<string, string> = {}) =>
      classifyConnectorError({ statusCode, response: { bodyAsText: body, headers } });
    expect(answer(429, '', { 'retry-after': '3' })).toMatchObject({ kind: 'throttled', retryAfterMs: 3000 });
    expect(answer(403, '{"error":{"code":"MessageWritesBlocked"}}')).toMatchObject({
      kind: 'unreachable',
      message: 'the user blocked the bot (403 MessageWritesBlocked)',
    });
    expect(answer(404)).toMatchObject({ kind: 'unreachable' });
    expect(answer(503, '', { 'retry-after': '2' })).toMatchObject({ kind: 'transient', retryAfterMs: 2000 });
    expect(answer(412)).toMatchObject({ kind: 'transient' });
    expect(answer(413, '{"error":{"code":"MessageSizeTooBig"}}')).toMatchObject({ kind: 'permanent' });
    expect(classifyConnectorError({ code: 'REQUEST_SEND_ERROR', message: 'socket hang up' })).toMatchObject({
      kind: 'transient',
    });
  });

  it('When a failure is mapped, then the original error is kept as its cause, so the logs show what Teams or the bot said', () => {
    const original = { statusCode: 403, response: { bodyAsText: '{"error":{"code":"MessageWritesBlocked"}}' } };
    expect(classifyConnectorError(original).cause).toBe(original);
    const bug = new TypeError('x is not a function');
    expect(classifyConnectorError(bug).cause).toBe(bug);
    const network = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyConnectorError(network)).toMatchObject({ kind: 'transient', cause: network });
  });
});
