import type restify from 'restify';
import { z } from 'zod';
import { isLoopbackHost } from '../config/config.ts';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../log/describe-error.ts';
import type { SyncService } from '../sync/sync-service.ts';
import { sameToken } from './admin-token.ts';

/** What the admin routes can do; the server has them only when the composition root passes them. */
export interface AdminDeps {
  token: string;
  syncNow: SyncService['syncNow'];
}

const syncRequest = z.object({ full: z.boolean().default(false), dryRun: z.boolean().default(false) }).strict();

/**
 * Loopback-only operator routes, guarded by the local admin token, so command-line tools run their work inside
 * the one process that may open the embedded database. Progress streams back as NDJSON lines.
 */
export function registerAdminRoutes(server: restify.Server, admin: AdminDeps, log: Logger): void {
  server.post('/admin/sync', async (req: restify.Request, res: restify.Response) => {
    const remote = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    if (!isLoopbackHost(remote)) return res.send(403, { error: { code: 'Forbidden', message: 'Admin routes answer on loopback only.' } });
    if (!sameToken(req.header('x-pulse-admin-token') ?? '', admin.token)) {
      return res.send(401, { error: { code: 'Unauthorized', message: 'Missing or wrong admin token.' } });
    }
    const parsed = syncRequest.safeParse(req.body ?? {});
    if (!parsed.success) return res.send(400, { error: { code: 'BadArgument', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } });
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const line = (o: object) => res.write(`${JSON.stringify(o)}\n`);
    try {
      const summary = await admin.syncNow({ ...parsed.data, onProgress: (p) => line({ type: 'progress', ...p }) });
      line({ type: 'summary', summary });
    } catch (error) {
      const e = error as { code?: string; message?: string };
      log.warn({ error: describeError(error) }, 'admin sync failed');
      line({ type: 'error', code: e.code ?? 'SYNC_FAILED', message: e.message ?? String(error) });
    }
    res.end();
  });
}
