import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  CHANNEL_ISSUER,
  makeSigningKey,
  signChannelToken,
  signConnectorToken,
  verifyConnectorToken,
  type SigningKey,
} from './token-issuer.ts';
import { LimitCounter, PER_APP_PER_TENANT, PER_BOT_PER_THREAD } from './documented-limits.ts';
import { TeamsState, type Conversation } from './teams-state.ts';
import { connectorRoutes, type Op, type Recorded, type Reply } from './connector-routes.ts';
import { closeServer, listenOnLoopback } from '../loopback-server.ts';

/** The explicit botbuilder endpoint set of a stand-in at `url` (also for one running in another process). */
export function botFrameworkEndpointsFor(url: string) {
  return {
    ToBotFromChannelOpenIdMetadataUrl: `${url}/v1/.well-known/openidconfiguration`,
    ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
    ToBotFromEmulatorOpenIdMetadataUrl: `${url}/v1/.well-known/openidconfiguration`,
    ToChannelFromBotLoginUrl: `${url}/botframework.com`,
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    OAuthUrl: `${url}/oauth`,
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: false,
  };
}

/** A fault to inject on matching Bot Connector calls; consumed after `times` matches (default 1). */
interface Fault {
  op?: Op | readonly Op[];
  conversationId?: string;
  status: number;
  code?: string;
  message?: string;
  retryAfterSeconds?: number;
  /** Delay before answering; with status 0 the call is answered normally after the delay. */
  delayMs?: number;
  times?: number;
}

/** Settings of the stand-in: the bot it serves, and where the bot listens (for `deliver`). */
interface TeamsStandInOptions {
  appId: string;
  appPassword: string;
  /** Publish the signing key with these endorsements (Teams publishes e.g. ['msteams']). */
  endorsements?: string[];
  /** false turns off Teams' documented rate limits (documented-limits.ts); they are on by default. */
  enforceLimits?: boolean;
  /** The clock the rate limits, the activities' timestamps and the record count by: a test pins it. Date.now by default. */
  now?: () => number;
  /** false accepts calls without a token, as the Agents Playground does for a bot in local mode. */
  requireAuth?: boolean;
}

/**
 * A loopback stand-in for Teams' side of the Bot Framework: the OpenID metadata and keys the bot validates
 * incoming tokens with, the token endpoint the bot gets outbound tokens from, and the Bot Connector REST API
 * (with Teams' send limits, fault injection, and a record of every activity it received).
 */
export class TeamsStandIn {
  readonly state = new TeamsState();
  readonly received: Recorded[] = [];
  readonly faults: Fault[] = [];
  /** Every HTTP call, also the refused ones: `${status} ${op}`. */
  readonly calls: { op: Op | 'token'; status: number; conversationId?: string }[] = [];
  botEndpoint = '';
  private server: Server | undefined;
  private port = 0;
  channelKey!: SigningKey;
  private connectorKey!: SigningKey;
  private readonly threadLimits: LimitCounter;
  private readonly tenantLimits: LimitCounter;

  /** The stand-in's clock: `options.now`, else the wall clock (tokens must be valid on the validator's clock). */
  readonly now: () => number;

  constructor(readonly options: TeamsStandInOptions) {
    this.now = options.now ?? Date.now;
    this.threadLimits = new LimitCounter(PER_BOT_PER_THREAD, options.now);
    this.tenantLimits = new LimitCounter(PER_APP_PER_TENANT, options.now);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The full explicit key set botbuilder needs to trust this stand-in (see PLATFORM.md). */
  get botFrameworkEndpoints() {
    return botFrameworkEndpointsFor(this.url);
  }

  async start(): Promise<this> {
    this.channelKey = await makeSigningKey('channel-key-1', this.options.endorsements);
    this.connectorKey = await makeSigningKey('connector-key-1');
    this.server = createServer((req, res) => void this.handle(req, res));
    this.port = await listenOnLoopback(this.server, 0);
    return this;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  /** Signs a channel token for the bot as Teams would, optionally with tampered claims. */
  async channelToken(
    overrides: { aud?: string; iss?: string; serviceUrl?: string; expiresInSeconds?: number; key?: SigningKey } = {},
  ) {
    const token = await signChannelToken(overrides.key ?? this.channelKey, {
      aud: overrides.aud ?? this.options.appId,
      iss: overrides.iss,
      serviceUrl: overrides.serviceUrl ?? this.url,
      expiresInSeconds: overrides.expiresInSeconds,
    });
    return token;
  }

  /** Builds a Teams activity in `conversation` from `fromId`, with the fields Teams fills in. */
  activity(conversation: Conversation, fromId: string, fields: Record<string, unknown>): Record<string, unknown> {
    const from = this.state.findMember(fromId);
    const team = conversation.teamId ? this.state.teams.get(conversation.teamId) : undefined;
    return {
      id: this.state.nextId('1'),
      timestamp: new Date(this.now()).toISOString(),
      channelId: 'msteams',
      serviceUrl: this.url,
      from: { id: fromId, name: from?.name, aadObjectId: from?.aadObjectId },
      recipient: { id: `28:${this.options.appId}`, name: 'Partnership Pulse' },
      conversation: {
        id: conversation.id,
        conversationType: conversation.type,
        tenantId: conversation.tenantId,
        ...(conversation.type === 'personal' ? {} : { isGroup: true }),
      },
      channelData: {
        tenant: { id: conversation.tenantId },
        ...(team
          ? { team: { id: team.id, name: team.name, aadGroupId: team.aadGroupId }, channel: { id: conversation.id } }
          : {}),
      },
      ...fields,
    };
  }

  /** POSTs an activity to the bot with an Authorization header (a valid channel token unless given one). */
  async deliver(
    activity: Record<string, unknown>,
    authorization?: string | null,
  ): Promise<{ status: number; body: unknown }> {
    const auth = authorization === undefined ? `Bearer ${await this.channelToken()}` : authorization;
    const res = await fetch(this.botEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Plain-text bodies are returned as they came.
    }
    return { status: res.status, body };
  }

  /** Activities the bot sent (or updated) in a conversation, oldest first. */
  sentTo(conversationId: string, ops: readonly Op[] = ['send', 'reply', 'create']): Recorded[] {
    return this.received.filter(
      (r) =>
        ops.includes(r.op) &&
        (r.conversationId === conversationId || r.conversationId.startsWith(`${conversationId};`)),
    );
  }

  private takeFault(op: Op, conversationId: string | undefined): Fault | undefined {
    const i = this.faults.findIndex(
      (f) =>
        (f.op === undefined || (Array.isArray(f.op) ? f.op.includes(op) : f.op === op)) &&
        (f.conversationId === undefined || f.conversationId === conversationId),
    );
    if (i < 0) return undefined;
    const fault = this.faults[i]!;
    const times = (fault.times ?? 1) - 1;
    if (times <= 0) this.faults.splice(i, 1);
    else this.faults[i] = { ...fault, times };
    return fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', this.url);
    let reply: Reply;
    try {
      reply = await this.route(
        req.method ?? 'GET',
        path,
        raw,
        req.headers.authorization ?? '',
        req.headers['content-type'] ?? '',
      );
    } catch (error) {
      reply = { status: 500, body: { error: { code: 'ServiceError', message: (error as Error).message } } };
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  private async route(
    method: string,
    url: URL,
    raw: string,
    authorization: string,
    contentType: string,
  ): Promise<Reply> {
    const p = url.pathname;
    if (method === 'GET' && p === '/v1/.well-known/openidconfiguration') {
      return {
        status: 200,
        body: {
          issuer: CHANNEL_ISSUER,
          jwks_uri: `${this.url}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        },
      };
    }
    if (method === 'GET' && p === '/v1/.well-known/keys')
      return { status: 200, body: { keys: [this.channelKey.publicJwk] } };
    if (method === 'POST' && p === '/botframework.com/oauth2/v2.0/token') return this.issueToken(raw, contentType);
    // For a stand-in run in its own process (benchmarks): what it received, per conversation, and the 429s it gave.
    if (method === 'GET' && p === '/_stand-in/summary') {
      const perConversation: Record<string, number> = {};
      for (const r of this.received)
        if (r.op !== 'update' && r.op !== 'delete')
          perConversation[r.conversationId] = (perConversation[r.conversationId] ?? 0) + 1;
      return { status: 200, body: { perConversation, throttled: this.calls.filter((c) => c.status === 429).length } };
    }

    const match = connectorRoutes.match(method, p);
    if (!match) return { status: 404, body: { error: { code: 'NotFound', message: `${method} ${p}` } } };
    const appId = await verifyConnectorToken(this.connectorKey, authorization.replace(/^Bearer /i, ''));
    if (this.options.requireAuth !== false && appId !== this.options.appId) {
      this.calls.push({ op: match.op, status: 401 });
      return { status: 401, body: { message: 'Authorization has been denied for this request.' } };
    }
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const conversationId = match.params.conversationId;
    const fault = this.takeFault(match.op, conversationId);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    let reply: Reply | undefined;
    if (fault && fault.status > 0) {
      reply = {
        status: fault.status,
        body: { error: { code: fault.code ?? 'ServiceError', message: fault.message ?? 'Injected fault' } },
        headers: fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : undefined,
      };
    }
    reply ??= this.limit(match.op, conversationId, body);
    reply ??= await match.handler(this, match.params, body, url);
    this.calls.push({ op: match.op, status: reply.status, conversationId });
    return reply;
  }

  private limit(op: Op, conversationId: string | undefined, body: Record<string, unknown>): Reply | undefined {
    if (this.options.enforceLimits === false) return undefined;
    const tenantId =
      (conversationId && this.state.conversation(conversationId)?.tenantId) ??
      (body.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ??
      (body.tenantId as string | undefined) ??
      'unknown';
    const tenantWait = this.tenantLimits.take(tenantId);
    const threadKey =
      conversationId ??
      JSON.stringify((body.members as unknown[] | undefined) ?? (body.channelData as object | undefined) ?? '');
    // The page's per-thread table names send and create; it also says every request falls under one policy, so an
    // update counts as a send here (the stricter reading).
    const threadWait =
      tenantWait === 0 && ['send', 'reply', 'create', 'update'].includes(op) ? this.threadLimits.take(threadKey) : 0;
    const wait = Math.max(tenantWait, threadWait);
    if (wait === 0) return undefined;
    return {
      status: 429,
      headers: { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) },
      body: { error: { code: 'TooManyRequests', message: 'Too many requests; retry after the given delay.' } },
    };
  }

  private async issueToken(raw: string, contentType: string): Promise<Reply> {
    const form = new URLSearchParams(contentType.includes('json') ? (JSON.parse(raw) as Record<string, string>) : raw);
    const ok =
      form.get('grant_type') === 'client_credentials' &&
      form.get('client_id') === this.options.appId &&
      form.get('client_secret') === this.options.appPassword;
    this.calls.push({ op: 'token', status: ok ? 200 : 401 });
    if (!ok)
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' },
      };
    const lifetime = 3600;
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token: await signConnectorToken(this.connectorKey, this.options.appId, lifetime),
      },
    };
  }
}
