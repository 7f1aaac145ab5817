import { systemClock } from '../../core/domain/clock.ts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { type Dataset, sfDateTime, type SfRecord, STAND_IN_ORG_ID as ORG_ID } from './dataset.ts';
import { runSoql, SoqlSemanticError } from './soql/run-soql.ts';
import { SoqlSyntaxError } from './soql/parse-soql.ts';
import { verifyAssertion, type OAuthClient } from './verify-assertion.ts';
import type { RecordFault } from './upsert-records.ts';
import type { RecordError } from './write-errors.ts';
import { answerWrite } from './write-routes.ts';
import { closeServer, listenOnLoopback } from '../loopback-server.ts';

/** A fault for matching calls: a whole-request error (status + errorCode), or a delay. */
interface SfFault {
  route?: SfRoute;
  status: number;
  errorCode?: string;
  message?: string;
  times?: number;
  delayMs?: number;
  /** Drop the connection instead of answering (a network error). */
  hangUp?: boolean;
}

/** The routes the stand-in serves. */
type SfRoute =
  | 'token'
  | 'query'
  | 'queryAll'
  | 'queryMore'
  | 'upsert'
  | 'update'
  | 'create'
  | 'deleteByExternalId'
  | 'describe'
  | 'limits';

/** How the stand-in behaves: page size, limits, which client may authenticate. */
interface SalesforceStandInOptions {
  dataset: Dataset;
  client: OAuthClient;
  pageSize?: number;
  dailyApiLimit?: number;
  tokenLifetimeSeconds?: number;
  /** The clock query locators age by (tests move it); defaults to the real one. */
  clock?: () => number;
  /**
   * Field-level security of the integration user: `Object.Field` names it may read among the fields an admin can
   * restrict (`permissionableReadFields`). Unset: every field is readable. A query naming a restricted field the user
   * cannot read is answered INVALID_FIELD, exactly as for a field that does not exist.
   */
  readableFields?: ReadonlySet<string>;
}

/** Salesforce drops a query cursor that has not been used for 15 minutes (REST API, Query resource). */
export const QUERY_LOCATOR_IDLE_MS = 15 * 60_000;

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
/** The largest request body the stand-in reads (sObject Collections of 200 records fit well within it). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

const sfError = (status: number, errorCode: string, message: string, fields?: string[]): Reply => ({
  status,
  body: [{ message, errorCode, ...(fields ? { fields } : {}) }],
});

/**
 * A loopback stand-in for the Salesforce REST API: OAuth token endpoint (JWT bearer and client credentials),
 * SOQL query with `nextRecordsUrl` paging, sObject collection upsert by external id, `/limits` and the
 * `Sforce-Limit-Info` header, with fault injection. Demo mode runs it in-process; tests run it on loopback.
 */
export class SalesforceStandIn {
  readonly faults: SfFault[] = [];
  readonly recordFaults: RecordFault[] = [];
  /**
   * Whether the integration user may edit Accounts it does not own (a sharing rule, or Modify All on Account): needed
   * when the org-wide default (Organization.DefaultAccountAccess) is None (Private) or Read (Public Read Only).
   */
  accountEditGranted = false;
  /**
   * Fields (`Object.Field`) field-level security shows the integration user read only: the describe says they are
   * neither createable nor updateable, and a write that sets one is refused for that record.
   */
  readonly readOnlyFields = new Set<string>();
  /** Every call: route, status and (for queries) the SOQL. */
  readonly calls: { route: SfRoute; status: number; soql?: string }[] = [];
  /** Every record write received (`Object/Field=value`, by external id or Id), so a test can count writes per record. */
  readonly writes: string[] = [];
  apiCalls = 0;
  private readonly tokens = new Map<string, number>();

  /**
   * Salesforce's answer to an update of a record the user may not edit: the per-record status code
   * INSUFFICIENT_ACCESS_OR_READONLY (API StatusCode reference). Accounts below Public Read/Write need a grant; the
   * integration user owns none of the key accounts.
   */
  private sharingRefusal(type: string): RecordError | undefined {
    if (type !== 'Account' || this.accountEditGranted) return undefined;
    const access = this.data.records('Organization')[0]?.DefaultAccountAccess;
    if (access !== 'None' && access !== 'Read') return undefined;
    return {
      statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
      message: 'insufficient access rights on object id',
      fields: [],
    };
  }
  private readonly cursors = new Map<string, { rows: Record<string, unknown>[]; offset: number; usedAt: number }>();
  private server: Server | undefined;
  private port = 0;
  readonly data: Dataset;

  constructor(readonly options: SalesforceStandInOptions) {
    this.data = options.dataset;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<this> {
    // The demo org runs inside the bot's process: no request may take the process down or hold its memory.
    this.server = createServer((req, res) =>
      this.handle(req, res).catch(() => {
        if (!res.headersSent) this.send(res, sfError(400, 'MALFORMED_QUERY', 'The request could not be read.'));
        else res.destroy();
      }),
    );
    this.server.requestTimeout = 10_000;
    this.server.headersTimeout = 5_000;
    this.port = await listenOnLoopback(this.server, port);
    return this;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  /** Invalidates every access token, as a session timeout or a password reset would. */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** The clock query locators age by: `options.clock` when a test moves it, else the machine's. */
  private now(): number {
    return this.options.clock?.() ?? this.salesforceTime();
  }

  /**
   * The machine's time, which sessions and the JWT's expiry are checked against, as the client signs them: a
   * protocol edge, unlike SystemModstamp, which follows the dataset's clock (the org's "now" a test pins).
   */
  private salesforceTime(): number {
    return systemClock().getTime();
  }

  private takeFault(route: SfRoute): SfFault | undefined {
    const i = this.faults.findIndex((f) => f.route === undefined || f.route === route);
    if (i < 0) return undefined;
    const fault = this.faults[i]!;
    if ((fault.times ?? 1) <= 1) this.faults.splice(i, 1);
    else this.faults[i] = { ...fault, times: (fault.times ?? 1) - 1 };
    return fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Loopback names only: a web page re-pointed at 127.0.0.1 (DNS rebinding) must not reach the demo org.
    if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i.test(req.headers.host ?? ''))
      return this.send(res, sfError(421, 'INVALID_HOST', 'The demo org answers requests to 127.0.0.1 only.'));
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES)
      return this.send(res, sfError(413, 'REQUEST_ENTITY_TOO_LARGE', 'The request body is too large.'));
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      // Salesforce refuses large REST bodies (413 "request entity too large"); ours are a few records at a time.
      if (size > MAX_BODY_BYTES) {
        this.send(res, sfError(413, 'REQUEST_ENTITY_TOO_LARGE', 'The request body is too large.'));
        req.destroy();
        return;
      }
      chunks.push(c as Buffer);
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const route = this.routeOf(req.method ?? 'GET', url.pathname);
    if (!route)
      return this.send(res, sfError(404, 'NOT_FOUND', `The requested resource does not exist: ${url.pathname}`));
    const fault = this.takeFault(route);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.hangUp) {
      this.calls.push({ route, status: 0 });
      req.socket.destroy();
      return;
    }
    let reply: Reply;
    if (fault && fault.status > 0) {
      reply =
        route === 'token'
          ? {
              status: fault.status,
              body: { error: fault.errorCode ?? 'invalid_grant', error_description: fault.message ?? 'injected fault' },
            }
          : sfError(fault.status, fault.errorCode ?? 'SERVER_UNAVAILABLE', fault.message ?? 'Injected fault');
    } else {
      reply = await this.answer(route, req, url, raw);
    }
    if (route !== 'token') {
      this.apiCalls += 1;
      reply.headers = {
        ...reply.headers,
        'sforce-limit-info': `api-usage=${this.apiCalls}/${this.options.dailyApiLimit ?? 100_000}`,
      };
    }
    this.calls.push({
      route,
      status: reply.status,
      ...(route === 'query' || route === 'queryAll' ? { soql: url.searchParams.get('q') ?? '' } : {}),
    });
    this.send(res, reply);
  }

  private send(res: ServerResponse, reply: Reply): void {
    res.writeHead(reply.status, { 'content-type': 'application/json;charset=UTF-8', ...reply.headers });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  private routeOf(method: string, path: string): SfRoute | undefined {
    if (method === 'POST' && path === '/services/oauth2/token') return 'token';
    const m = /^\/services\/data\/v(\d+\.\d)\/(.*)$/.exec(path);
    if (!m) return undefined;
    const rest = m[2]!;
    if (method === 'GET' && rest === 'query') return 'query';
    // queryAll: the query with deleted and archived records too (REST API, QueryAll resource).
    if (method === 'GET' && rest === 'queryAll') return 'queryAll';
    if (method === 'GET' && /^query(All)?\/[^/]+$/.test(rest)) return 'queryMore';
    if (method === 'PATCH' && /^composite\/sobjects\/[^/]+\/[^/]+$/.test(rest)) return 'upsert';
    if (method === 'PATCH' && /^composite\/sobjects\/?$/.test(rest)) return 'update';
    if (method === 'POST' && /^composite\/sobjects\/?$/.test(rest)) return 'create';
    if (method === 'DELETE' && /^sobjects\/[^/]+\/[^/]+\/[^/]+$/.test(rest)) return 'deleteByExternalId';
    if (method === 'GET' && /^sobjects\/[^/]+\/describe\/?$/.test(rest)) return 'describe';
    if (method === 'GET' && rest === 'limits') return 'limits';
    return undefined;
  }

  private async answer(route: SfRoute, req: IncomingMessage, url: URL, raw: string): Promise<Reply> {
    if (route === 'token') return this.token(raw);
    const token = (req.headers.authorization ?? '').replace(/^(Bearer|OAuth) /i, '');
    const expires = this.tokens.get(token);
    if (!expires || expires < this.salesforceTime())
      return sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    if (this.apiCalls >= (this.options.dailyApiLimit ?? 100_000)) {
      return sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    }
    const version = /^\/services\/data\/v(\d+\.\d)\//.exec(url.pathname)![1]!;
    switch (route) {
      case 'query':
        return this.query(url.searchParams.get('q') ?? '', version);
      case 'queryAll':
        return this.query(url.searchParams.get('q') ?? '', version, true);
      case 'queryMore':
        return this.queryMore(url.pathname.split('/').pop()!, version);
      case 'upsert':
      case 'update':
      case 'create':
      case 'deleteByExternalId':
        return answerWrite(route, url, raw, {
          data: this.data,
          writes: this.writes,
          recordFaults: this.recordFaults,
          refused: (t) => this.sharingRefusal(t),
          readOnly: (t, f) => this.readOnlyFields.has(`${t}.${f}`),
        });
      case 'describe': {
        // `GET /sobjects/{type}/describe`: the object's fields the user can see (a field an org does not have, such
        // as EventRelation.IsParent without Shared Activities, is not listed), or 404 NOT_FOUND for no such object.
        const type = decodeURIComponent(url.pathname.split('/')[5] ?? '');
        const fields = this.data.fieldsOf(type);
        if (!fields) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
        const editable = (name: string) => name !== 'Id' && !this.readOnlyFields.has(`${type}.${name}`);
        return {
          status: 200,
          body: {
            name: type,
            fields: fields.map((name) => ({ name, createable: editable(name), updateable: editable(name) })),
          },
        };
      }
      case 'limits': {
        const max = this.options.dailyApiLimit ?? 100_000;
        return { status: 200, body: { DailyApiRequests: { Max: max, Remaining: Math.max(0, max - this.apiCalls) } } };
      }
    }
  }

  private async token(raw: string): Promise<Reply> {
    const form = new URLSearchParams(raw);
    const grant = form.get('grant_type');
    const c = this.options.client;
    let userId: string | undefined;
    if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      const result = await verifyAssertion(form.get('assertion') ?? '', c, this.url, this.data, this.salesforceTime());
      if ('error' in result) return { status: 400, body: { error: 'invalid_grant', error_description: result.error } };
      userId = result.userId;
    } else if (grant === 'client_credentials') {
      if (form.get('client_id') !== c.consumerKey || form.get('client_secret') !== c.clientSecret) {
        return { status: 400, body: { error: 'invalid_client', error_description: 'invalid client credentials' } };
      }
      userId = this.data.records('User').find((u) => u.Username === c.integrationUsername)?.Id;
      if (!userId)
        return {
          status: 400,
          body: { error: 'invalid_grant', error_description: 'no client credentials user enabled' },
        };
    } else {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' } };
    }
    const accessToken = `${ORG_ID}!${randomBytes(24).toString('base64url')}`;
    this.tokens.set(accessToken, this.salesforceTime() + (this.options.tokenLifetimeSeconds ?? 7200) * 1000);
    return {
      status: 200,
      body: {
        access_token: accessToken,
        instance_url: this.url,
        id: `${this.url}/id/${ORG_ID}/${userId}`,
        token_type: 'Bearer',
        issued_at: String(this.salesforceTime()),
        scope: 'api',
      },
    };
  }

  private query(soql: string, version: string, includeDeleted = false): Reply {
    let rows: Record<string, unknown>[];
    try {
      rows = runSoql(this.data, soql, version, new Date(this.now()), this.options.readableFields, includeDeleted);
    } catch (error) {
      if (error instanceof SoqlSyntaxError || error instanceof SoqlSemanticError)
        return sfError(400, error.errorCode, error.message);
      throw error;
    }
    return this.page(rows, 0, version, undefined);
  }

  private queryMore(locator: string, version: string): Reply {
    const cursor = this.cursors.get(locator.split('-')[0]!);
    if (!cursor) return sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    if (this.now() - cursor.usedAt > QUERY_LOCATOR_IDLE_MS) {
      this.cursors.delete(locator.split('-')[0]!);
      return sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    const offset = Number(locator.split('-')[1]);
    if (offset !== cursor.offset) return sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return this.page(cursor.rows, offset, version, locator.split('-')[0]);
  }

  private page(rows: Record<string, unknown>[], offset: number, version: string, cursorId: string | undefined): Reply {
    const size = this.options.pageSize ?? 2000;
    const records = rows.slice(offset, offset + size);
    const next = offset + size;
    const done = next >= rows.length;
    let nextRecordsUrl: string | undefined;
    if (!done) {
      const id = cursorId ?? `01g${randomBytes(6).toString('hex').toUpperCase()}`;
      this.cursors.set(id, { rows, offset: next, usedAt: this.now() });
      nextRecordsUrl = `/services/data/v${version}/query/${id}-${next}`;
    } else if (cursorId) {
      this.cursors.delete(cursorId);
    }
    return {
      status: 200,
      body: { totalSize: rows.length, done, ...(nextRecordsUrl ? { nextRecordsUrl } : {}), records },
    };
  }

  /** Inserts or updates a record as an admin would in the UI (SystemModstamp moves forward). */
  touch(type: string, fields: Record<string, unknown> & { Id?: string }): SfRecord {
    const existing = fields.Id ? this.data.find(fields.Id)?.record : undefined;
    return this.data.put(type, { ...existing, ...fields, SystemModstamp: sfDateTime(this.data.clock()) });
  }
}
