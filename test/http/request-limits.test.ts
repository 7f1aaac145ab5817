import { testClock } from '../support/test-clock.ts';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { until } from '../support/until.ts';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/platform/config/config.ts';
import { createApp, type App } from '../../src/app/app.ts';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/edge/http/body-guard.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { machineAddress } from '../support/machine-address.ts';
import { registerSecret } from '../support/secret-watch.ts';
import { runWatched } from '../support/watched-child.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { countStatements } from '../support/count-statements.ts';
import type { Database } from '../../src/adapters/store/database.ts';

/** One raw HTTP request from `localAddress` (127.0.0.x is another client on loopback). */
function send(
  port: number,
  method: string,
  path: string,
  body: Buffer | undefined,
  headers: Record<string, string> = {},
  localAddress = '127.0.0.1',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  // A GET with a body needs explicit framing, or Node's client sends it unframed (the server then sees garbage).
  const framed =
    body && !headers['content-length'] && !headers['transfer-encoding']
      ? { ...headers, 'content-length': String(body.length) }
      : headers;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: framed, localAddress }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    // The server may answer and close before the whole body is written: that is the point.
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e),
    );
    req.end(body);
  });
}

/** The port a route listens on: the public one, or the admin listener's on 127.0.0.1. */
const portOf = (app: App, listener: 'public' | 'admin', publicPort: number) =>
  listener === 'admin' ? (app.server.adminAddress?.port ?? 0) : publicPort;

let tdb: TestDatabase;
const apps: App[] = [];
async function start(env: Record<string, string>, admin = true, host = '127.0.0.1', db: Database = tdb.db) {
  const logs = captureLogs();
  registerSecret('request-limits-admin-token-value');
  const config = readConfig({ PORT: '0', ...env });
  const app = await createApp({
    config,
    now: testClock().now,
    log: logs.log,
    db,
    admin: admin
      ? {
          token: 'request-limits-admin-token-value',
          // Never reached: every request below is refused before a handler runs.
          syncNow: () => Promise.reject(new Error('not reached')),
          runCycleStep: () => Promise.reject(new Error('not reached')),
          privacy: () => Promise.reject(new Error('not reached')),
          buildReport: () => Promise.reject(new Error('not reached')),
        }
      : undefined,
  });
  const { port } = await app.server.listen(0, host);
  apps.push(app);
  return { app, port, logs };
}

beforeAll(async () => {
  tdb = await openTestDatabase();
});
afterAll(async () => {
  for (const app of apps) await app.server.close(1000);
  await tdb?.close();
});

describe('Request bodies on every route', () => {
  it('When a gzip bomb arrives without credentials, then it is refused unread with 415 and the server stays up', async () => {
    const { port } = await start({ RATE_LIMIT_PER_MINUTE: '0' });
    // 32 MB of JSON inflates from about 32 KB, far under the body limit, which counted compressed bytes: restify
    // inflated it all (1 MB of gzip, about 1 GB inflated, crashed the process).
    const bomb = gzipSync(Buffer.from(`{"type":"message","text":"${'a'.repeat(32 * 1024 * 1024)}"}`));
    expect(bomb.length).toBeLessThan(DEFAULT_MAX_BODY_BYTES / 10);
    const res = await send(port, 'POST', '/api/messages', bomb, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'content-length': String(bomb.length),
    });
    expect(res.status).toBe(415);
    expect(res.text).toContain('must not be compressed');
    expect((await send(port, 'GET', '/healthz', undefined)).status).toBe(200);
  });

  it('When any registered route gets a compressed, a declared-oversize or a streamed-oversize body, then ' +
    'it answers 415 or 413 before any handler', async () => {
    const { app, port: publicPort, logs } = await start({ RATE_LIMIT_PER_MINUTE: '0' });
    const routes = app.server.routes();
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'POST /api/messages',
        'GET /healthz',
        'GET /readyz',
        'POST /admin/sync',
        'GET /admin/hello',
      ]),
    );
    const big = Buffer.alloc(DEFAULT_MAX_BODY_BYTES + 1, 0x20);
    for (const { method, path, listener } of routes) {
      const port = portOf(app, listener, publicPort);
      const gz = await send(port, method, path, gzipSync('{}'), {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      });
      expect(gz.status, `${method} ${path} gzip`).toBe(415);
      const deflated = await send(port, method, path, Buffer.from('{}'), {
        'content-type': 'application/json',
        'content-encoding': 'deflate, identity',
      });
      expect(deflated.status, `${method} ${path} deflate`).toBe(415);
      const declared = await send(port, method, path, big, {
        'content-type': 'application/json',
        'content-length': String(big.length),
      });
      expect(declared.status, `${method} ${path} declared`).toBe(413);
    }
    // Without a declared length (chunked), the body parser's own count stops it.
    const chunked = await send(publicPort, 'POST', '/api/messages', big, {
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
    });
    expect(chunked.status).toBe(413);
    expect(logs.lines.filter((l) => l.level === 50)).toEqual([]);
  }, 60_000);

  it('When any route gets a multipart, form or text body (chunked, no length), then it answers 415 unread ' +
    'and no file is left in the temporary folder', async () => {
    const { app, port } = await start({ RATE_LIMIT_PER_MINUTE: '0' });
    // restify's full body parser wrote multipart parts to files in the temporary folder (formidable's upload_*),
    // outside its size limit and never removed: a few requests without credentials could fill the disk.
    const uploads = () =>
      readdirSync(tmpdir())
        .filter((f) => f.startsWith('upload_'))
        .sort();
    const before = uploads();
    const boundary = 'pulse-boundary';
    const part = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="x.bin"\r\nContent-Type: ` +
        `application/octet-stream\r\n\r\n${'x'.repeat(2 * 1024 * 1024)}\r\n--${boundary}--\r\n`,
    );
    for (const { method, path, listener } of app.server.routes())
      for (const [type, body] of [
        [`multipart/form-data; boundary=${boundary}`, part],
        ['application/x-www-form-urlencoded', Buffer.from('a=1&b=2')],
        ['text/plain', Buffer.from('{}')],
      ] as const) {
        const res = await send(portOf(app, listener, port), method, path, body, {
          'content-type': type,
          'transfer-encoding': 'chunked',
        });
        expect(res.status, `${method} ${path} ${type.split(';')[0]}`).toBe(415);
      }
    expect(uploads()).toEqual(before);
    // JSON with a charset passes the guard; a +json type restify would leave unparsed does not.
    const json = await send(port, 'POST', '/api/messages', Buffer.from('{}'), {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(json.status).not.toBe(415);
    const vendor = await send(port, 'POST', '/api/messages', Buffer.from('{}'), {
      'content-type': 'application/x-a-1+json',
    });
    expect(vendor.status).toBe(415);
  }, 60_000);
});

describe('Local mode answers this machine by name only', () => {
  it('When a request names another host (a DNS-rebound page), then every route answers 421 unread; localhost, 127.0.0.1 and [::1] are served', async () => {
    const { app, port } = await start({ RATE_LIMIT_PER_MINUTE: '0' });
    for (const { method, path, listener } of app.server.routes()) {
      const res = await send(portOf(app, listener, port), method, path.replace(/:\w+/g, 'x'), undefined, {
        host: `attacker.example:${port}`,
      });
      expect(res.status, `${method} ${path}`).toBe(421);
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST'])
      expect((await send(port, 'GET', '/healthz', undefined, { host })).status, host).toBe(200);
  });

  it("When the bot runs in Teams mode, then its public name is served (Teams' requests carry it)", async () => {
    const tenant = 'aaaaaaaa-0000-4000-8000-000000000001';
    registerSecret('request-limits-bot-password-value');
    const { port } = await start({
      RATE_LIMIT_PER_MINUTE: '0',
      MicrosoftAppId: 'aaaaaaaa-0000-4000-8000-00000000000a',
      MicrosoftAppPassword: 'request-limits-bot-password-value',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: tenant,
      ALLOWED_TENANT_IDS: tenant,
    });
    expect((await send(port, 'GET', '/healthz', undefined, { host: 'pulse.example.com' })).status).toBe(200);
  });
});

describe('Admin routes from another machine', () => {
  it(
    'When a client that is not on this machine calls /admin/*, then the public port has no such route ' +
      '(404 before the body is read) and the admin port is not reachable',
    async () => {
      const ip = machineAddress();
      if (!ip) return; // no interface but loopback here: nothing to call from
      const { app, port, logs } = await start({ RATE_LIMIT_PER_MINUTE: '0' }, true, '0.0.0.0');
      const adminPort = app.server.adminAddress?.port ?? 0;
      // A separate process (this one may only connect to loopback), naming localhost as the Host, as a rebinding page
      // or a tunnel would. The body is not even JSON: read, it would answer 400.
      const script = `
      const http = require('node:http');
      const call = (port, method, path, body) => new Promise((resolve) => {
        const req = http.request({ host: ${JSON.stringify(ip)}, port, method, path,
          headers: { host: 'localhost', 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
          (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
        req.on('error', (e) => resolve(e.code));
        req.end(body);
      });
      (async () => {
        const hello = '/admin/hello?nonce=${'n'.repeat(20)}';
        const out = [await call(${port}, 'POST', '/admin/sync', '{not json'), await call(${port}, 'GET', hello),
          await call(${adminPort}, 'GET', hello)];
        process.stdout.write(JSON.stringify(out));
      })();`;
      // Not a synchronous child: the server answers from this process's event loop.
      const { stdout } = await runWatched(process.execPath, ['-e', script], { timeoutMs: 30_000 });
      expect(JSON.parse(stdout)).toEqual([404, 404, 'ECONNREFUSED']);
      expect(logs.text()).not.toContain('not reached');
    },
  );
});

describe('Rate limiting per client on the public routes', () => {
  it(
    'When one client keeps sending requests that are refused, then it gets 429 with Retry-After, while ' +
      'another client, the probes and the admin routes are still served',
    async () => {
      const { app, port } = await start({ RATE_LIMIT_BURST: '3', RATE_LIMIT_PER_MINUTE: '1' });
      const junk = Buffer.from('{"not":"an activity"}');
      const post = (from: string) =>
        send(port, 'POST', '/api/messages', junk, { 'content-type': 'application/json' }, from);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await post('127.0.0.1')).status);
      expect(statuses).toEqual([400, 400, 400, 429]);
      const limited = await send(port, 'GET', '/nope', undefined);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      // The hosting platform's probes are never refused, whoever drained the bucket of the address they come from.
      expect((await send(port, 'GET', '/healthz', undefined)).status).toBe(200);
      expect((await send(port, 'GET', '/readyz', undefined)).status).toBe(200);
      // Another address on loopback is another client with its own bucket.
      expect((await post('127.0.0.2')).status).toBe(400);
      // The admin routes, on their own listener, have their own guard (the token), not this limit.
      const adminPort = app.server.adminAddress?.port ?? 0;
      const admin = await send(adminPort, 'POST', '/admin/sync', Buffer.from('{}'), {
        'content-type': 'application/json',
      });
      expect(admin.status).toBe(401);
    },
  );

  it(
    'When one client sends many refused requests at once, then only its burst is processed: the token is ' +
      'taken before the work, not when it ends',
    async () => {
      const { port } = await start({ RATE_LIMIT_BURST: '3', RATE_LIMIT_PER_MINUTE: '1' });
      const junk = Buffer.from('{"not":"an activity"}');
      const all = await Promise.all(
        Array.from({ length: 30 }, () =>
          send(port, 'POST', '/api/messages', junk, { 'content-type': 'application/json' }, '127.0.0.4'),
        ),
      );
      const statuses = all.map((r) => r.status);
      expect(statuses.filter((s) => s === 400)).toHaveLength(3);
      expect(statuses.filter((s) => s === 429)).toHaveLength(27);
    },
  );

  it('When the readiness probe is called in a burst, then it is never refused and the database is asked once per second, not once per call', async () => {
    const counted = countStatements(tdb.db);
    const { port } = await start({ RATE_LIMIT_BURST: '5', RATE_LIMIT_PER_MINUTE: '1' }, false, '127.0.0.1', counted.db);
    const before = counted.statements.length;
    const statuses = await Promise.all(Array.from({ length: 50 }, () => send(port, 'GET', '/readyz', undefined)));
    expect(statuses.map((s) => s.status)).toEqual(Array(50).fill(200));
    // One probe shared by the burst (a schema read and a write: readiness reflects whether writes succeed), unless
    // the burst straddled a second on a slow machine: then two.
    expect(counted.statements.length - before).toBeGreaterThan(0);
    expect(counted.statements.length - before).toBeLessThanOrEqual(2 * 4);
  });
});

/** A raw connection from `from`: what the server wrote to it, and when it closed it. */
function rawConnection(
  port: number,
  from: string,
): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect({ port, host: '127.0.0.1', localAddress: from }, () =>
      resolve({ socket, received: () => text, closed }),
    );
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('data', (d) => (text += d));
    socket.once('error', reject);
  });
}

describe('Slow requests and many connections (issue 24, defect 7)', () => {
  it(
    'When a client trickles its body or its headers, then the server answers 408 and closes when the ' +
      'request time is up (REQUEST_TIMEOUT_MS), not after 300 s',
    async () => {
      const { port } = await start({ RATE_LIMIT_PER_MINUTE: '0', REQUEST_TIMEOUT_MS: '400' });
      const body = await rawConnection(port, '127.0.0.2');
      const headers = await rawConnection(port, '127.0.0.2');
      body.socket.write(
        'POST /api/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
      );
      headers.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
      // A byte now and then keeps a connection from being idle: only a deadline for the whole request ends it.
      const trickle = setInterval(() => {
        if (!body.socket.destroyed) body.socket.write(' ');
        if (!headers.socket.destroyed) headers.socket.write('X-Slow: 1\r\n');
      }, 50);
      try {
        await Promise.all([body.closed, headers.closed]);
      } finally {
        clearInterval(trickle);
      }
      expect(body.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(headers.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect((await send(port, 'GET', '/healthz', undefined)).status).toBe(200);
    },
  );

  it(
    'When one client opens more connections than MAX_CONNECTIONS_PER_CLIENT, then the next one gets 503 ' +
      'and is closed, while other clients are served',
    async () => {
      const { port } = await start({ RATE_LIMIT_PER_MINUTE: '0', MAX_CONNECTIONS_PER_CLIENT: '3' });
      const held = [];
      for (let i = 0; i < 3; i++) held.push(await rawConnection(port, '127.0.0.2'));
      const extra = await rawConnection(port, '127.0.0.2');
      await extra.closed;
      expect(extra.received()).toMatch(/^HTTP\/1\.1 503 /);
      expect((await send(port, 'GET', '/healthz', undefined, {}, '127.0.0.3')).status).toBe(200);
      // One of the three closed: that client may connect again (once the server has seen the close).
      held[0]!.socket.destroy();
      await until('the server to let 127.0.0.2 connect again', async () => {
        const res = await send(port, 'GET', '/healthz', undefined, {}, '127.0.0.2').catch(() => ({ status: 0 }));
        return res.status === 200;
      });
      for (const c of held) c.socket.destroy();
    },
  );
});
