import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { GraphCalendars } from './graph-calendars.ts';
import { eventJson } from './event-json.ts';
import { issueAppToken, verifyAppToken, type AppRegistration } from './entra-token.ts';
import { closeServer, listenOnLoopback } from '../loopback-server.ts';

/** A reply of the stand-in. */
interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Outlook's documented limits per app and mailbox: 4 requests at once, 10,000 in 10 minutes. */
const MAILBOX_CONCURRENCY = 4;
const MAILBOX_REQUESTS_PER_10_MINUTES = 10_000;
/** calendarView's default page size, and the most `Prefer: odata.maxpagesize` may ask. */
const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;

const graphError = (status: number, code: string, message: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { error: { code, message } },
  ...(headers ? { headers } : {}),
});

/** What a delta or skip token carries (opaque to clients: base64url JSON here). */
interface ViewState {
  mailbox: string;
  from: number;
  to: number;
  zone: string;
  offset: number;
  /** For a delta round: the change counter the round started from (-1: a first, full round). */
  since: number;
  /** The counter when the round began: the next deltaLink starts from here. */
  upTo: number;
  /** The stand-in's sync-state generation when the token was made: older tokens are gone (`expireSyncState`). */
  gen?: number;
}
const encode = (s: ViewState) => Buffer.from(JSON.stringify(s)).toString('base64url');
const decode = (t: string): ViewState | undefined => {
  try {
    return JSON.parse(Buffer.from(t, 'base64url').toString('utf8')) as ViewState;
  } catch {
    return undefined;
  }
};

/**
 * A loopback stand-in for Microsoft Graph's calendars and Entra ID's token endpoint, built from Microsoft's
 * documentation: the client credentials grant (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow),
 * `GET /users/{id}/calendarView` and its `delta` (https://learn.microsoft.com/en-us/graph/api/user-list-calendarview,
 * https://learn.microsoft.com/en-us/graph/api/event-delta), paging by `@odata.nextLink`, `Prefer: outlook.timezone`,
 * throttling with Retry-After (https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits) and
 * `ErrorAccessDenied` for a mailbox an application access policy or RBAC for Applications keeps out of scope.
 */
export class GraphStandIn {
  readonly calendars = new GraphCalendars();
  /** Every call: `${status} ${kind}` with the mailbox, for counting calls per manager. */
  readonly calls: { kind: 'token' | 'calendarView' | 'delta'; status: number; mailbox?: string }[] = [];
  /** Mailboxes an application access policy lets the app read; undefined: every mailbox its permission allows. */
  scope: Set<string> | undefined;
  /**
   * Mailboxes Exchange's RBAC for Applications lets the app read calendars of (a role assignment with a management
   * scope): granted in Exchange, so the Entra token carries no calendar permission for them.
   */
  exchangeGrants: Set<string> = new Set();
  /** Throttling answers to give next: `times` calls answered 429 with `Retry-After: seconds`. */
  readonly throttles: { times: number; retryAfterSeconds?: number; status?: number }[] = [];
  /** Raw items a test puts on a mailbox's next first page, as they are (a malformed or hostile event). */
  readonly raw = new Map<string, unknown[]>();
  private readonly inFlight = new Map<string, number>();
  private generation = 0;
  private readonly windowCounts = new Map<string, { since: number; count: number }>();
  private server: Server | undefined;
  private port = 0;

  constructor(
    readonly app: AppRegistration,
    private readonly now: () => number = Date.now,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.port = await listenOnLoopback(this.server, port);
    return this;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  /** Forgets every delta round's state, as Exchange does after a while: the next call with an old token gets 410. */
  expireSyncState(): void {
    this.generation += 1;
  }

  /** Calls to a mailbox's calendar, answered or not. */
  callsFor(mailbox: string): number {
    return this.calls.filter((c) => c.mailbox === mailbox && c.kind !== 'token').length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let reply: Reply;
    try {
      reply = await this.route(req, Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      reply = graphError(500, 'generalException', (error as Error).message);
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  private async route(req: IncomingMessage, raw: string): Promise<Reply> {
    const url = new URL(req.url ?? '/', this.url);
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (req.method === 'POST' && token) {
      const reply = await issueAppToken(this.app, token[1]!, new URLSearchParams(raw), this.url, this.now());
      this.calls.push({ kind: 'token', status: reply.status });
      return reply;
    }
    const view = /^\/v1\.0\/users\/([^/]+)\/calendarView(\/delta)?$/.exec(url.pathname);
    if (req.method !== 'GET' || !view) return graphError(404, 'UnknownError', `${req.method} ${url.pathname}`);
    const kind = view[2] ? 'delta' : 'calendarView';
    const box = this.calendars.mailbox(view[1]!);
    const reply = await this.calendarRoute(req, url, box?.id, kind);
    this.calls.push({ kind, status: reply.status, mailbox: box?.id ?? view[1] });
    return reply;
  }

  private async calendarRoute(
    req: IncomingMessage,
    url: URL,
    mailbox: string | undefined,
    kind: 'calendarView' | 'delta',
  ): Promise<Reply> {
    const roles = await verifyAppToken(this.app, req.headers.authorization ?? '', this.url, this.now());
    if (roles === 'invalid') return graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.');
    if (!mailbox) return graphError(404, 'ErrorInvalidUser', 'The requested user is invalid.');
    const consented = roles.some((r) => r === 'Calendars.ReadBasic' || r === 'Calendars.Read');
    if (!consented && !this.exchangeGrants.has(mailbox))
      return graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    if (this.scope && !this.scope.has(mailbox))
      return graphError(
        403,
        'ErrorAccessDenied',
        'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
      );
    const throttled = this.throttle(mailbox);
    if (throttled) return throttled;
    this.inFlight.set(mailbox, (this.inFlight.get(mailbox) ?? 0) + 1);
    try {
      return this.page(req, url, mailbox, kind);
    } finally {
      this.inFlight.set(mailbox, this.inFlight.get(mailbox)! - 1);
    }
  }

  private throttle(mailbox: string): Reply | undefined {
    const injected = this.throttles[0];
    if (injected) {
      injected.times -= 1;
      if (injected.times <= 0) this.throttles.shift();
      // A 503 may come without Retry-After (https://learn.microsoft.com/en-us/graph/best-practices-concept).
      if (injected.status === 503) return graphError(503, 'serviceNotAvailable', 'Service unavailable.');
      return graphError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', {
        'retry-after': String(injected.retryAfterSeconds ?? 1),
      });
    }
    if ((this.inFlight.get(mailbox) ?? 0) >= MAILBOX_CONCURRENCY)
      return graphError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', {
        'retry-after': '1',
      });
    const now = this.now();
    const w = this.windowCounts.get(mailbox);
    const current = w && now - w.since < 600_000 ? w : { since: now, count: 0 };
    current.count += 1;
    this.windowCounts.set(mailbox, current);
    if (current.count > MAILBOX_REQUESTS_PER_10_MINUTES)
      return graphError(429, 'ApplicationThrottled', 'Application is over its MailboxRequests limit.', {
        'retry-after': String(Math.ceil((current.since + 600_000 - now) / 1000)),
      });
    return undefined;
  }

  private page(req: IncomingMessage, url: URL, mailbox: string, kind: 'calendarView' | 'delta'): Reply {
    const prefer = String(req.headers.prefer ?? '');
    const zone = /outlook\.timezone="([^"]+)"/.exec(prefer)?.[1] ?? 'UTC';
    if (!isZone(zone))
      return graphError(
        400,
        'TimeZoneNotSupportedException',
        `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${zone}'.`,
      );
    const size = Math.min(
      Number(/odata\.maxpagesize=(\d+)/.exec(prefer)?.[1] ?? url.searchParams.get('$top') ?? DEFAULT_PAGE),
      MAX_PAGE,
    );
    const carried = url.searchParams.get('$skiptoken') ?? url.searchParams.get('$deltatoken');
    let state: ViewState;
    if (carried) {
      const s = decode(carried);
      if (!s || s.mailbox !== mailbox) return graphError(400, 'ErrorInvalidUrlQuery', 'The sync state is not valid.');
      if ((s.gen ?? 0) !== this.generation)
        return graphError(410, 'SyncStateNotFound', 'The sync state generation is not found. Please start a new sync.');
      // A delta token names the start of a new round; a skip token continues one.
      state = url.searchParams.has('$deltatoken')
        ? { ...s, since: s.upTo, upTo: this.calendars.version, offset: 0 }
        : s;
    } else {
      const from = Date.parse(url.searchParams.get('startDateTime') ?? url.searchParams.get('StartDateTime') ?? '');
      const to = Date.parse(url.searchParams.get('endDateTime') ?? url.searchParams.get('EndDateTime') ?? '');
      if (Number.isNaN(from) || Number.isNaN(to))
        return graphError(
          400,
          'ErrorInvalidParameter',
          'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
        );
      state = { mailbox, from, to, zone, offset: 0, since: -1, upTo: this.calendars.version, gen: this.generation };
    }
    const changed = this.calendars
      .view(mailbox, state.from, state.to)
      .filter((i) => kind === 'calendarView' || i.version > state.since);
    const removed =
      kind === 'delta' && state.since >= 0
        ? this.calendars.removedSince(mailbox, state.since).map((id) => ({ id, '@removed': { reason: 'deleted' } }))
        : [];
    const all = [...changed.map((i) => eventJson(i, state.zone)), ...removed];
    const more = state.offset + size < all.length;
    // Injected items ride on the round's last page.
    const injected = more ? [] : (this.raw.get(mailbox) ?? []);
    if (!more) this.raw.delete(mailbox);
    const slice = [...all.slice(state.offset, state.offset + size), ...injected];
    const base = `${this.url}/v1.0/users/${mailbox}/calendarView${kind === 'delta' ? '/delta' : ''}`;
    const next = { ...state, offset: state.offset + size };
    const link = more
      ? { '@odata.nextLink': `${base}?$skiptoken=${encode(next)}` }
      : kind === 'delta'
        ? { '@odata.deltaLink': `${base}?$deltatoken=${encode({ ...state, offset: 0 })}` }
        : {};
    return {
      status: 200,
      body: { '@odata.context': `${this.url}/v1.0/$metadata#Collection(event)`, value: slice, ...link },
      headers: { 'preference-applied': `outlook.timezone="${state.zone}"` },
    };
  }
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
