import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer, type HttpServer, type ServerDeps } from '../../src/edge/http/create-server.ts';
import { captureLogs } from '../support/capture-logs.ts';
import { machineAddress } from '../support/machine-address.ts';
import { registerSecret } from '../support/secret-watch.ts';
import { runWatched } from '../support/watched-child.ts';

// Issue 24: restify's router matches the decoded path while the guards read the raw one, so `/%61dmin/hello` was
// /admin/hello to the router and not an admin path to the loopback guard. The admin routes have since moved to a
// listener of their own on 127.0.0.1, so no spelling reaches them from the public port. These tests call the
// running server.

const TOKEN = 'encoded-paths-admin-token-value';
const NONCE = 'n'.repeat(20);
const servers: HttpServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close(1000);
});

/** A server with the admin routes, whose handlers must never run for the requests below. */
async function start(extra: Partial<ServerDeps> = {}, host = '127.0.0.1') {
  registerSecret(TOKEN);
  const logs = captureLogs();
  const reached = (what: string) => () => Promise.reject(new Error(`${what} reached`));
  const server = createServer({
    log: logs.log,
    receiveActivity: async () => ({ status: 200 }),
    notReadyReason: async () => undefined,
    admin: {
      token: TOKEN,
      syncNow: reached('sync'),
      runCycleStep: reached('cycle'),
      privacy: reached('privacy'),
      buildReport: reached('report'),
    },
    ...extra,
  });
  servers.push(server);
  const { port } = await server.listen(0, host);
  return { port, adminPort: server.adminAddress?.port ?? 0, logs };
}

/** One raw request: `path` goes on the request line exactly as written (fetch would normalise it). */
function send(port: number, method: string, path: string, from = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, localAddress: from }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Encoded paths to the admin routes from another machine', () => {
  // Reported as skipped, not passed, on a machine with no address but loopback.
  it.skipIf(!machineAddress())(
    'When a remote client spells /admin/* with percent escapes, then the public port has no such route ' +
      '(404, or 400) before any body is read or handler runs, token or not, and the admin port refuses the ' +
      'connection',
    async () => {
      const ip = machineAddress();
      if (!ip) return; // no interface but loopback here: nothing to call from
      const { port, adminPort, logs } = await start({}, '0.0.0.0');
      // A separate process (this one may only connect to loopback), holding the token: the body is not JSON, so a 400
      // would say it was parsed, and a 200 on /hello would hand out the HMAC proof.
      const script = `
      const http = require('node:http');
      const call = (method, path, body, port = ${port}) => new Promise((resolve) => {
        const req = http.request({ host: ${JSON.stringify(ip)}, port, method, path,
          headers: { host: 'localhost', 'content-type': 'application/json', 'x-pulse-admin-token': ${JSON.stringify(TOKEN)} } },
          (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
        req.on('error', (e) => resolve(e.code));
        req.end(body);
      });
      (async () => {
        const out = [];
        for (const path of ['/%61dmin/hello?nonce=${NONCE}', '/%61%64%6D%69%6E/hello?nonce=${NONCE}', '/adm%69n/hello?nonce=${NONCE}'])
          out.push(await call('GET', path));
        for (const path of ['/%61dmin/sync', '/%61dmin/privacy', '/admin/%73ync'])
          out.push(await call('POST', path, '{not json'));
        for (const path of ['/%2561dmin/hello?nonce=${NONCE}', '//admin/hello?nonce=${NONCE}', '/x/../admin/hello?nonce=${NONCE}',
          '/%2e%2e/admin/hello?nonce=${NONCE}', '/admin;/hello?nonce=${NONCE}', 'http://localhost/admin/hello?nonce=${NONCE}'])
          out.push(await call('GET', path));
        out.push(await call('GET', '/admin/hello?nonce=${NONCE}', undefined, ${adminPort}));
        process.stdout.write(JSON.stringify(out));
      })();`;
      // Not execFileSync: the server answers from this process's event loop.
      const { stdout } = await runWatched(process.execPath, ['-e', script], { timeoutMs: 30_000 });
      expect(JSON.parse(stdout)).toEqual([404, 404, 404, 404, 404, 404, 400, 400, 400, 400, 400, 400, 'ECONNREFUSED']);
      expect(logs.text()).not.toContain('reached');
    },
  );
});

describe('One spelling of each path', () => {
  it(
    'When a path is spelt with escapes, double escapes, bad escapes, NUL, backslashes or dot segments, ' +
      'then it is served as its decoded form or refused with 400',
    async () => {
      const { port } = await start();
      const cases: [string, number][] = [
        ['/%68ealthz', 200],
        ['/%68%65%61%6c%74%68%7a', 200],
        ['/healthz?x=%zz&y=%2F', 200], // the query is the handler's business, not the router's
        ['/healthz/', 404],
        ['/Healthz', 404],
        ['/healthz.', 404],
        ['/%2568ealthz', 400], // double encoding
        ['/%2F/healthz', 400],
        ['/%2f/healthz', 400],
        ['/%5Chealthz', 400],
        ['/\\healthz', 400],
        ['/%zz', 400],
        ['/%', 400],
        ['/healthz%', 400],
        ['/%00healthz', 400],
        ['/%0d%0ahealthz', 400],
        ['/%2e/healthz', 400],
        ['/a/%2E%2E/healthz', 400],
        ['/healthz;x', 400], // the router stops at ';': a guard would not
        ['//healthz', 400],
        ['http://localhost/healthz', 400],
      ];
      const got: [string, number][] = [];
      for (const [path] of cases) got.push([path, await send(port, 'GET', path)]);
      expect(got).toEqual(cases);
    },
  );
});

describe('Rate limiting of encoded probe paths', () => {
  it(
    'When a client spells the probes with percent escapes, then they are the probes (never limited), and ' +
      'an escaped unknown path still costs a token',
    async () => {
      const { port } = await start({ rateLimit: { burst: 3, perMinute: 1 } });
      const statuses = [];
      for (const path of ['/%72eadyz', '/%68ealthz', '/re%61dyz', '/%72eadyz', '/%68ealthz'])
        statuses.push(await send(port, 'GET', path));
      for (const path of ['/%72eadyz/x', '/%6eope', '/n%6fpe', '/%6eope', '/%72eadyz'])
        statuses.push(await send(port, 'GET', path));
      expect(statuses).toEqual([200, 200, 200, 200, 200, 404, 404, 404, 429, 200]);
    },
  );
});

describe('Metrics labels chosen by the caller', () => {
  it(
    'When unauthenticated callers send many random paths with every method Node parses, then the HTTP ' +
      'request metric gains only a handful of series',
    async () => {
      const { port } = await start();
      const series = async () => {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        // The label set of each series, without its count.
        return text
          .split('\n')
          .filter((l) => l.startsWith('pulse_http_requests_total{'))
          .map((l) => l.replace(/ \S+$/, ''));
      };
      const before = new Set(await series());
      const methods = ['GET', 'DELETE', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH'];
      const more = ['PURGE', 'REPORT', 'MKACTIVITY', 'CHECKOUT', 'MERGE', 'NOTIFY', 'SUBSCRIBE', 'UNSUBSCRIBE', 'ACL'];
      const calls = [...methods, ...more].flatMap((method, i) => [
        send(port, method, `/random-${i}-${Math.random().toString(36).slice(2)}`),
        send(port, method, '/healthz'),
      ]);
      await Promise.all(calls);
      const added = (await series()).filter((l) => !before.has(l));
      // At most: /metrics, /healthz, and unmatched 404 and 405 each as GET, DELETE and 'other'.
      expect(added.length, added.join('\n')).toBeLessThanOrEqual(8);
      expect(added.join('\n')).not.toMatch(/random-|PROPFIND|MKCOL|SUBSCRIBE/);
    },
  );
});

describe('Forwarding headers hidden or rewritten (outside attack, second round)', () => {
  /** A raw request with `extra` header lines, to `port`; the status code. */
  const rawStatus = (port: number, path: string, extra: string[]) =>
    new Promise<number>((resolve, reject) => {
      let text = '';
      const socket = connect(port, '127.0.0.1', () =>
        socket.end(
          `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${extra.map((h) => `${h}\r\n`).join('')}Connection: close\r\n\r\n`,
        ),
      );
      socket.on('data', (d) => (text += d));
      socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0)));
      socket.on('error', reject);
    });

  it(
    'When 2,100 padding headers come before X-Forwarded-For (Node kept 2,000 and dropped the rest ' +
      'unseen), then the admin listener still sees it and refuses',
    async () => {
      const { adminPort } = await start();
      const padding = Array.from({ length: 2100 }, (_, i) => `A${i}:`);
      expect(await rawStatus(adminPort, `/admin/hello?nonce=${NONCE}`, [])).toBe(200);
      expect(
        await rawStatus(adminPort, `/admin/hello?nonce=${NONCE}`, [...padding, 'X-Forwarded-For: 203.0.113.9']),
      ).toBe(421);
      expect(await rawStatus(adminPort, `/admin/hello?nonce=${NONCE}`, [...padding, 'Via: 1.1 tunnel'])).toBe(421);
    },
  );

  it('When a tunnel rewrites Host to localhost in local mode (no authentication), then its forwarded requests to the bot are refused with 421', async () => {
    const { port } = await start({ loopbackHostsOnly: true });
    expect(await rawStatus(port, '/healthz', [])).toBe(200);
    for (const header of ['X-Forwarded-For: 203.0.113.9', 'Forwarded: for=203.0.113.9', 'Via: 1.1 ngrok'])
      expect(await rawStatus(port, '/healthz', [header]), header).toBe(421);
  });
});

describe('Two Host headers', () => {
  it('When a request carries Host twice (Node reads the first, a proxy may route by the other), then it gets 400 on either listener', async () => {
    const { port, adminPort } = await start({ loopbackHostsOnly: true });
    for (const p of [port, adminPort]) {
      const status = await new Promise<number>((resolve, reject) => {
        let text = '';
        const socket = connect(p, '127.0.0.1', () =>
          socket.end('GET /healthz HTTP/1.1\r\nHost: localhost\r\nHost: attacker.example\r\nConnection: close\r\n\r\n'),
        );
        socket.on('data', (d) => (text += d));
        socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0)));
        socket.on('error', reject);
      });
      expect(status).toBe(400);
    }
  });
});
