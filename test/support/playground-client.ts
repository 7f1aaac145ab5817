import WebSocket from 'ws';

/** One message the Playground streamed from the bot. */
export interface PlaygroundMessage {
  action: string;
  actionConversationId: string;
  message: { messageId: string; from: { id: string }; text?: string; attachments?: { contentType: string; content: Record<string, unknown> }[] };
}

/** Drives the Agents Playground over its own HTTP and WebSocket API, as its web page does. */
export class PlaygroundClient {
  readonly messages: PlaygroundMessage[] = [];
  private ws: WebSocket | undefined;
  config!: { tenantId: string; currentUser: { id: string }; personalChat: { id: string }; teams: { id: string; channels: { id: string }[] }[] };

  constructor(readonly baseUrl: string) {}

  async connect(): Promise<void> {
    this.config = ((await (await fetch(`${this.baseUrl}/_internal/v1/testConfig`)).json()) as { config: PlaygroundClient['config'] }).config;
    this.ws = new WebSocket(`${this.baseUrl.replace(/^http/, 'ws')}/_ws_conversation/v1/conversations/stream`);
    this.ws.on('message', (m) => this.messages.push(JSON.parse(String(m)) as PlaygroundMessage));
    await new Promise((resolve, reject) => {
      this.ws!.once('open', resolve);
      this.ws!.once('error', reject);
    });
  }

  /** Types `text` into a conversation as the current user. */
  async say(conversationId: string, text: string): Promise<void> {
    const res = await fetch(`${this.baseUrl}/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: { id: this.config.currentUser.id }, text, textFormat: 'plain' }),
    });
    if (!res.ok) throw new Error(`Playground refused the message: ${res.status} ${await res.text()}`);
  }

  /** Waits for the first bot message in `conversationId` that satisfies `match`. */
  async waitFor(conversationId: string, match: (m: PlaygroundMessage) => boolean, timeoutMs = 15_000): Promise<PlaygroundMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // In a channel, replies land in the post's thread: `<channel>;messageid=<post id>`.
      const found = this.messages.find((m) => (m.actionConversationId === conversationId || m.actionConversationId.startsWith(`${conversationId};`)) && match(m));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No matching bot message in ${conversationId}; got ${JSON.stringify(this.messages).slice(0, 500)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  close(): void {
    this.ws?.close();
  }
}
