import { request } from 'node:http';
import WebSocket from 'ws';
import { until } from './until.ts';

/**
 * POSTs JSON on a connection of its own (no keep-alive agent). fetch reuses an idle keep-alive socket, and the
 * Playground's server closes idle sockets after 5 s: a request sent on one it is closing fails with "other side
 * closed" (UND_ERR_SOCKET), which a loaded machine makes likely.
 */
function postJson(url: string, body: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** One message the Playground streamed from the bot. */
export interface PlaygroundMessage {
  action: string;
  actionConversationId: string;
  message: {
    messageId: string;
    from: { id: string };
    text?: string;
    attachments?: { contentType: string; content: Record<string, unknown> }[];
  };
}

/** Drives the Agents Playground over its own HTTP and WebSocket API, as its web page does. */
export class PlaygroundClient {
  readonly messages: PlaygroundMessage[] = [];
  private ws: WebSocket | undefined;
  config!: {
    tenantId: string;
    bot: { id: string; name: string };
    currentUser: { id: string };
    personalChat: { id: string };
    teams: { id: string; channels: { id: string; name: string }[] }[];
  };

  constructor(readonly baseUrl: string) {}

  async connect(): Promise<void> {
    this.config = (
      (await (await fetch(`${this.baseUrl}/_internal/v1/testConfig`)).json()) as { config: PlaygroundClient['config'] }
    ).config;
    this.ws = new WebSocket(`${this.baseUrl.replace(/^http/, 'ws')}/_ws_conversation/v1/conversations/stream`);
    this.ws.on('message', (m) => this.messages.push(JSON.parse(String(m)) as PlaygroundMessage));
    await new Promise((resolve, reject) => {
      this.ws!.once('open', resolve);
      this.ws!.once('error', reject);
    });
  }

  /** Types `text` into a conversation as the current user. */
  async say(conversationId: string, text: string): Promise<void> {
    await this.post(conversationId, { text });
  }

  /** Posts `@bot text` in a channel, as Teams delivers a channel message that mentions the bot. */
  async mention(channelId: string, text: string): Promise<void> {
    const at = `<at>${this.config.bot.name}</at>`;
    await this.post(channelId, {
      text: `${at} ${text}`,
      mentions: [{ mentioned: { id: this.config.bot.id, name: this.config.bot.name }, text: at }],
    });
  }

  private async post(conversationId: string, message: { text: string; mentions?: unknown[] }): Promise<void> {
    const res = await postJson(
      `${this.baseUrl}/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`,
      { from: { id: this.config.currentUser.id }, textFormat: 'plain', ...message },
    );
    if (res.status < 200 || res.status > 299)
      throw new Error(`Playground refused the message: ${res.status} ${res.text}`);
  }

  /** Clicks an Action.Execute button on a card the bot sent, as the current user; returns the card Teams shows next. */
  async invoke(message: PlaygroundMessage, value: unknown): Promise<unknown> {
    const res = await postJson(`${this.baseUrl}/_conversation/v1/invoke`, {
      name: 'adaptiveCard/action',
      value,
      from: { id: this.config.currentUser.id },
      conversation: { id: message.actionConversationId },
      replyToId: message.message.messageId,
    });
    if (res.status !== 200) throw new Error(`the invoke failed: ${res.status} ${res.text}`);
    return (JSON.parse(res.text) as { value: unknown }).value;
  }

  /** Waits for the first bot message in `conversationId` that satisfies `match`. */
  async waitFor(
    conversationId: string,
    match: (m: PlaygroundMessage) => boolean,
    timeoutMs = 15_000,
  ): Promise<PlaygroundMessage> {
    // In a channel, replies land in the post's thread: `<channel>;messageid=<post id>`.
    const found = () =>
      this.messages.find(
        (m) =>
          (m.actionConversationId === conversationId || m.actionConversationId.startsWith(`${conversationId};`)) &&
          match(m),
      );
    await until(
      () => `a matching bot message in ${conversationId}; got ${JSON.stringify(this.messages).slice(0, 500)}`,
      () => found() !== undefined,
      timeoutMs,
      100,
    );
    return found()!;
  }

  close(): void {
    this.ws?.close();
  }
}
