import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { until } from './until.ts';
import { spawnWatched } from './watched-child.ts';

/** How the proxy passes requests on: the documented set-up, or a bare `proxy_pass` that adds no headers at all. */
export type ProxyHeaders = 'forwarded' | 'bare';

/** A real nginx (Debian's package, installed by .ci/run) on a loopback port in front of `upstreamPort`. */
export interface NginxProxy {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** Whether this machine has nginx (the test says it needs it rather than passing without it). */
export const NGINX = '/usr/sbin/nginx';

/**
 * The reverse proxy of a same-host deployment, as docs/ADMIN.md configures it: `forwarded` sets X-Forwarded-For
 * with nginx's `$proxy_add_x_forwarded_for` (the client's list plus the address nginx saw) and the original Host.
 */
function config(dir: string, port: number, upstreamPort: number, headers: ProxyHeaders): string {
  const forwarded =
    headers === 'forwarded'
      ? `proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;`
      : '';
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://127.0.0.1:${upstreamPort};
      proxy_http_version 1.1;
      ${forwarded}
    }
  }
}
`;
}

/** Starts nginx in the foreground in a folder of its own and waits until it accepts connections. */
export async function startNginx(upstreamPort: number, headers: ProxyHeaders = 'forwarded'): Promise<NginxProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-nginx-'));
  const port = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), config(dir, port, upstreamPort, headers));
  // -e: the error log from the first line on (else nginx first opens /var/log/nginx/error.log); as root, workers
  // run as nobody, which may read the folder.
  const child: ChildProcess = spawnWatched(NGINX, [
    '-p',
    dir,
    '-c',
    join(dir, 'nginx.conf'),
    '-e',
    join(dir, 'error.log'),
    '-g',
    'daemon off;',
  ]);
  let exited = false;
  child.once('exit', () => (exited = true));
  const accepts = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  await until('nginx to accept connections', async () => exited || (await accepts()), 15_000);
  if (exited) throw new Error(`nginx did not start (see ${dir}/error.log)`);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGQUIT');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
