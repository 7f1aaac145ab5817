import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceStandIn } from '../../src/stand-ins/salesforce/salesforce-stand-in.ts';
import { startSalesforce } from '../support/start-salesforce.ts';

// The demo org runs inside the bot's process (npm start without SF_ settings): an outside attack (issue 24's second
// round) took the whole server down with one `GET //` to its port. No request may crash it or hold its memory.

let sf: SalesforceStandIn;
let token = '';
beforeAll(async () => {
  sf = (await startSalesforce()).sf;
  // A session, so the requests below reach the routes behind the token check (the upsert's path decoding).
  const res = await fetch(`${sf.url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=3MVG9-pulse-test&client_secret=test-consumer-secret',
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(async () => {
  await sf?.stop();
});

/** One raw request; the status line, or the error code when the connection fails. */
function raw(request: string | Buffer, keepOpen = false): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const socket = connect(Number(new URL(sf.url).port), '127.0.0.1', () =>
      keepOpen ? socket.write(request) : socket.end(request),
    );
    socket.on('data', (d) => (text += d));
    socket.on('close', () => resolve(text.split('\r\n')[0] ?? ''));
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}

describe('The demo Salesforce org under hostile requests', () => {
  it('When a request has a target no URL parser takes, bad escapes or another Host, then it is answered (400 or 421) and the org keeps serving', async () => {
    expect(await raw('GET // HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).toMatch(/^HTTP\/1\.1 4\d\d /);
    const auth = `Authorization: Bearer ${token}\r\n`;
    for (const path of ['composite/sobjects/%E0%A4%A/X', 'sobjects/Pulse_Return__c/Key__c/%ZZ'])
      expect(
        await raw(
          `PATCH /services/data/v62.0/${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}Content-Length: 2\r\n\r\n{}`,
        ),
      ).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(await raw('GET /services/data/v62.0/query HTTP/1.1\r\nHost: attacker.example\r\n\r\n')).toBe(
      'HTTP/1.1 421 Misdirected Request',
    );
    // Still serving.
    expect(
      (
        await fetch(`${sf.url}/services/data/v62.0/query?q=SELECT+Id+FROM+Account`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).status,
    ).toBe(200);
  });

  it('When a body larger than any Salesforce write arrives, then it is refused with 413 before it is all read', async () => {
    const head = 'PATCH /services/data/v62.0/composite/sobjects/Pulse_Return__c/Key__c HTTP/1.1\r\nHost: 127.0.0.1\r\n';
    const big = Buffer.alloc(11 * 1024 * 1024, 0x20);
    expect(await raw(Buffer.concat([Buffer.from(`${head}Content-Length: ${big.length}\r\n\r\n`), big]))).toMatch(
      /^HTTP\/1\.1 413 /,
    );
  });
});
