import type restify from 'restify';
import { z } from 'zod';
import { fromLoopback } from './client-address.ts';
import type { Logger } from '../../platform/log/logger.ts';
import { describeError } from '../../platform/log/describe-error.ts';
import type { SyncService } from '../../features/sync/sync-service.ts';
import type { CycleService } from '../../features/cycle/cycle-service.ts';
import { parsePeriod } from '../../core/domain/period.ts';
import { adminProof, sameToken } from './admin-token.ts';
import { salesforceIdSchema } from '../../core/domain/salesforce-id.ts';
import { emailAddressSchema, entraObjectIdSchema, type PrivacyResult } from '../../features/people/personal-data.ts';
import type { RoundSummary } from '../../features/ratings/rating-rounds.ts';

/** What the admin routes can do; the server has them only when the composition root passes them. */
export interface AdminDeps {
  token: string;
  syncNow: SyncService['syncNow'];
  runCycleStep: CycleService['runStep'];
  buildReport: (
    account: string,
    from: string,
    to: string,
    audience: 'joint' | 'internal',
  ) => Promise<{ html: string; accountName: string; from: string; to: string; audience: string }>;
  /** A person's data request: everything held about them, exported or erased. */
  privacy: (action: 'export' | 'erase', who: { aadObjectId: string } | { address: string }) => Promise<PrivacyResult>;
  /** Opens or closes an account's rating round (`npm run ratings`); absent where the server has no rounds. */
  runRatings?: (step: 'open' | 'close', accountId: string) => Promise<RoundSummary>;
}

const syncRequest = z.object({ full: z.boolean().default(false), dryRun: z.boolean().default(false) }).strict();
const reportRequest = z
  .object({
    /** The key account's Salesforce id, or its name (or a unique part of it). */
    account: z.string().min(1).max(255),
    from: z.string(),
    to: z.string(),
    audience: z.enum(['joint', 'internal']).default('joint'),
  })
  .strict();
const cycleRequest = z
  .object({
    step: z.enum(['open', 'remind', 'close', 'post']),
    period: z
      .string()
      .refine((p) => parsePeriod(p) !== undefined, 'period must be YYYY-MM')
      .optional(),
    dryRun: z.boolean().default(false),
  })
  .strict();
const privacyAction = z.enum(['export', 'erase']);
const privacyRequest = z.union([
  z.object({ action: privacyAction, aadObjectId: entraObjectIdSchema }).strict(),
  z.object({ action: privacyAction, address: emailAddressSchema }).strict(),
]);

const ratingsRequest = z
  .object({
    step: z.enum(['open', 'close']),
    accountId: salesforceIdSchema('must be a Salesforce account id (15 or 18 characters)'),
  })
  .strict();

/**
 * Loopback-only operator routes, guarded by the local admin token, so command-line tools run their work inside
 * the one process that may open the embedded database. Progress streams back as NDJSON lines.
 */
export function registerAdminRoutes(server: restify.Server, admin: AdminDeps, log: Logger): void {
  // Loopback only, decided before the body is read: /admin/* is not rate-limited (the tools stream long work), so a
  // remote client must not get as far as the body parser there.
  server.pre((req, res, next) => {
    if (!req.getPath().startsWith('/admin/') || fromLoopback(req)) return next();
    res.setHeader('Connection', 'close');
    res.send(403, { error: { code: 'Forbidden', message: 'Admin routes answer on loopback only.' } });
    return next(false);
  });

  /** Token, then the body through `schema` (loopback was checked first); streams NDJSON from `run`. */
  const route = <S extends z.ZodType>(
    path: string,
    schema: S,
    run: (body: z.infer<S>, line: (o: object) => void) => Promise<object>,
  ) =>
    server.post(path, async (req: restify.Request, res: restify.Response) => {
      // Handlers return nothing: restify logs a returned value whole, and a response carries the request's token.
      if (!sameToken(req.header('x-pulse-admin-token') ?? '', admin.token)) {
        res.send(401, { error: { code: 'Unauthorized', message: 'Missing or wrong admin token.' } });
        return;
      }
      const parsed = schema.safeParse(req.body ?? {});
      if (!parsed.success) {
        const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        res.send(400, { error: { code: 'BadArgument', message } });
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const line = (o: object) => res.write(`${JSON.stringify(o)}\n`);
      try {
        line({ type: 'summary', summary: await run(parsed.data, line) });
      } catch (error) {
        const e = error as { code?: string; message?: string };
        log.warn({ path, error: describeError(error) }, 'admin command failed');
        line({ type: 'error', code: e.code ?? 'FAILED', message: e.message ?? String(error) });
      }
      res.end();
    });

  // The challenge a command-line tool sends before it presents the token (see adminProof).
  server.get('/admin/hello', async (req: restify.Request, res: restify.Response) => {
    const nonce = new URL(req.url ?? '/', 'http://localhost').searchParams.get('nonce') ?? '';
    if (!/^[A-Za-z0-9_-]{16,128}$/.test(nonce)) {
      res.send(400, { error: { code: 'BadArgument', message: 'A nonce of 16-128 URL-safe characters is required.' } });
      return;
    }
    res.send(200, { app: 'partnership-pulse', proof: adminProof(admin.token, nonce, req.socket.localPort ?? 0) });
  });

  route('/admin/sync', syncRequest, (body, line) =>
    admin.syncNow({ ...body, onProgress: (p) => line({ type: 'progress', ...p }) }),
  );
  route('/admin/report', reportRequest, (body) => admin.buildReport(body.account, body.from, body.to, body.audience));
  route('/admin/privacy', privacyRequest, (body) =>
    'address' in body
      ? admin.privacy(body.action, { address: body.address })
      : admin.privacy(body.action, { aadObjectId: body.aadObjectId }),
  );
  const runRatings = admin.runRatings;
  if (runRatings) route('/admin/ratings', ratingsRequest, (body) => runRatings(body.step, body.accountId));
  route('/admin/cycle', cycleRequest, (body, line) =>
    admin.runCycleStep(body.step, {
      period: body.period ? parsePeriod(body.period) : undefined,
      dryRun: body.dryRun,
      onProgress: (done, total) => line({ type: 'progress', phase: 'cycle', done, total }),
    }),
  );
}
