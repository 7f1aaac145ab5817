import type restify from 'restify';
import { z } from 'zod';
import type { Logger } from '../../platform/log/logger.ts';
import { describeError } from '../../platform/log/describe-error.ts';
import { TabRefusal } from '../../features/tab/tab-refusal.ts';
import type { TabService } from '../../features/tab/tab-service.ts';
import type { TabRating } from '../../features/tab/tab-rating.ts';
import type { TabActions } from '../../features/tab/tab-actions.ts';
import type { SignedInIdentity } from '../../features/tab/tab-viewer.ts';
import type { VerifyToken } from '../../features/tab/entra-token.ts';
import type { TabBundle } from './tab-assets.ts';
import { fromLoopback } from './client-address.ts';
import { TAB_CSP, tabPage, type TabBoot } from './tab-page.ts';
import { cleanStrings } from '../../core/domain/clean-text.ts';

/** How the tab API learns who is asking: an Entra SSO token, or (local mode on loopback) the preview's user. */
type TabAuth =
  | { mode: 'entra'; verify: VerifyToken | undefined }
  | {
      mode: 'preview';
      defaultUserId: string;
      /** The identity a preview user signs in with (the demo's people), undefined for an unknown id. */
      identityOf: (userId: string) => SignedInIdentity | undefined;
    };

/** What the tab's routes need. */
export interface TabRouteDeps {
  service: TabService;
  /** The shared channel's rating form: the same rating use cases as the card. */
  rating: TabRating;
  /** The channel's action plan: the same use cases as the bot's form. */
  actions: TabActions;
  bundle: TabBundle;
  auth: TabAuth;
  boot: TabBoot;
}

/** The header the local preview's user switcher sends (honoured only in local mode, from loopback). */
const PREVIEW_USER_HEADER = 'x-pulse-preview-user';

const accountParams = z.object({ accountId: z.string().regex(/^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/) });
const channelParams = z.object({
  channelId: z
    .string()
    .min(3)
    .max(200)
    .regex(/^[\w:@.-]+$/),
});
const previewUserHeader = z.string().regex(/^[a-z]{1,20}$/);

const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' };

/** Registers the tab's pages (/tab...), its assets, and its JSON API (/api/tab/...). */
export function registerTabRoutes(server: restify.Server, deps: TabRouteDeps, log: Logger): void {
  const page = Buffer.from(tabPage(deps.bundle.version, deps.boot, deps.bundle.preload));
  const sendPage = async (_req: restify.Request, res: restify.Response) => {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': page.length,
      'Content-Security-Policy': TAB_CSP,
      'Cache-Control': 'no-cache',
    });
    res.end(page);
  };
  for (const path of ['/tab', '/tab/portfolio', '/tab/configure', '/tab/shared', '/tab/account/:accountId'])
    server.get(path, sendPage);

  server.get('/tab/assets/:file', async (req: restify.Request, res: restify.Response) => {
    const asset = deps.bundle.assets.get(String(req.params.file));
    if (!asset) return void sendJson(res, 404, { error: { code: 'NotFound', message: 'No such asset.' } });
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? asset.gzip : asset.body;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': asset.type,
      'Content-Length': body.length,
      'Cache-Control': 'public, max-age=31536000, immutable',
      Vary: 'Accept-Encoding',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(body);
  });

  const identityOf = async (req: restify.Request): Promise<SignedInIdentity> => {
    if (deps.auth.mode === 'preview') {
      if (!fromLoopback(req)) throw new TabRefusal(403, 'NotLoopback', 'The local preview answers this machine only.');
      const raw = req.header(PREVIEW_USER_HEADER) ?? deps.auth.defaultUserId;
      const id = previewUserHeader.safeParse(raw);
      const identity = id.success ? deps.auth.identityOf(id.data) : undefined;
      if (!identity) throw new TabRefusal(401, 'UnknownPreviewUser', 'Choose one of the demo users.');
      return identity;
    }
    if (!deps.auth.verify)
      throw new TabRefusal(
        503,
        'SsoNotConfigured',
        "The tab's single sign-on is not configured on the server: set AAD_APP_CLIENT_ID and TAB_DOMAIN (README, Configuration).",
      );
    const bearer = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(req.header('authorization') ?? '');
    if (!bearer)
      throw new TabRefusal(401, 'NoToken', 'Sign-in needed: open this tab in Microsoft Teams, which signs you in.');
    return deps.auth.verify(bearer[1]!);
  };

  const api = <P>(
    path: string,
    params: z.ZodType<P>,
    run: (identity: SignedInIdentity, params: P, body: unknown) => Promise<unknown>,
    method: 'get' | 'post' = 'get',
  ) => {
    server[method](path, async (req: restify.Request, res: restify.Response) => {
      try {
        const parsed = params.safeParse(req.params ?? {});
        if (!parsed.success)
          return sendJson(res, 400, {
            error: { code: 'BadRequest', message: 'That address is not a valid tab page.' },
          });
        // A JSON body only: a form post from another site cannot carry one (nor the token or preview header).
        if (method === 'post' && !req.is('application/json'))
          return sendJson(res, 415, {
            error: { code: 'UnsupportedMediaType', message: 'Send the form as application/json.' },
          });
        const identity = await identityOf(req);
        // Stored text is shown as it is (names from Salesforce above all): every string leaves cleaned.
        sendJson(res, 200, cleanStrings(await run(identity, parsed.data, method === 'post' ? req.body : undefined)));
      } catch (error) {
        if (error instanceof TabRefusal) {
          if (error.status >= 500) log.warn({ code: error.code, error: describeError(error.cause) }, 'tab refused');
          else log.info({ code: error.code, path }, 'tab request refused');
          return sendJson(res, error.status, { error: { code: error.code, message: error.message } });
        }
        log.error({ error: describeError(error), path }, 'tab request failed');
        sendJson(res, 500, { error: { code: 'ServerError', message: 'Something went wrong on our side. Try again.' } });
      }
    });
  };
  api('/api/tab/portfolio', z.object({}), (identity) => deps.service.portfolio(identity));
  api('/api/tab/accounts/:accountId', accountParams, (identity, p) => deps.service.account(identity, p.accountId));
  api('/api/tab/channels/:channelId', channelParams, (identity, p) => deps.service.channel(identity, p.channelId));
  api('/api/tab/channels/:channelId/joint', channelParams, (identity, p) => deps.service.joint(identity, p.channelId));
  const ratingPath = '/api/tab/channels/:channelId/rating';
  api(ratingPath, channelParams, (identity, p) => deps.rating.form(identity, p.channelId));
  api(ratingPath, channelParams, (identity, p, body) => deps.rating.rate(identity, p.channelId, body), 'post');
  const actionsPath = '/api/tab/channels/:channelId/actions';
  api(actionsPath, channelParams, (identity, p) => deps.actions.plan(identity, p.channelId));
  api(actionsPath, channelParams, (identity, p, body) => deps.actions.add(identity, p.channelId, body), 'post');
}

function sendJson(res: restify.Response, status: number, body: unknown): void {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': text.length,
    'Cache-Control': 'no-store',
  });
  res.end(text);
}
