import 'uplot/dist/uPlot.min.css';
import './styles.css';
import type {
  AccountHistoryView,
  ChannelBinding,
  JointView,
  NoOpenRound,
  PortfolioView,
  TabPlanView,
  TabRatingView,
} from '../../src/features/tab/tab-views.ts';
import { ApiError, getJson } from './api.ts';
import { destroyCharts } from './charts.ts';
import { h } from './dom.ts';
import { previewHost, readBoot, type Host } from './host.ts';
import { renderAccount } from './account-view.ts';
import { renderJoint } from './joint-view.ts';
import { renderPortfolio } from './portfolio-view.ts';

const root = document.getElementById('app')!;

function showError(message: string, status?: number): void {
  root.replaceChildren(
    h(
      'div',
      { className: 'refusal', role: 'alert' },
      h(
        'h1',
        {},
        status === 401 ? 'Sign-in needed' : status === 403 ? 'Not available to you' : 'Cannot show this page',
      ),
      h('p', {}, message),
    ),
  );
}

/** Which view the path and the context ask for. A shared channel always gets the joint view: it is the client's room. */
async function draw(host: Host): Promise<void> {
  const path = location.pathname.replace(/\/+$/, '');
  const headers = await host.authHeaders();
  const channel = host.channel;
  if (path === '/tab/configure') {
    if (!channel) return showError('Add this tab to a channel that is linked to a key account.');
    const binding = await getJson<ChannelBinding>(`/api/tab/channels/${encodeURIComponent(channel.id)}`, headers);
    const contentPath = binding.kind === 'shared' ? '/tab/shared' : `/tab/account/${binding.accountId}`;
    host.saveConfig?.({
      contentUrl: `${location.origin}${contentPath}`,
      websiteUrl: `${location.origin}${contentPath}`,
      entityId: binding.kind === 'shared' ? 'joint' : `account-${binding.accountId}`,
      suggestedDisplayName: 'Partnership Pulse',
    });
    root.replaceChildren(
      h('h1', {}, 'Partnership Pulse'),
      h(
        'p',
        {},
        binding.kind === 'shared'
          ? `This tab will show the joint scorecard of ${binding.accountName} (client-safe).`
          : `This tab will show ${binding.accountName}'s history. Press Save.`,
      ),
    );
    return;
  }
  if (channel?.shared || path === '/tab/shared' || host.isExternal) {
    if (!channel) return showError('Open this tab in the shared channel with the client.');
    const base = `/api/tab/channels/${encodeURIComponent(channel.id)}`;
    // Someone who may see the joint view but not rate or plan here (a manager of the account team), or a roster the
    // server could not read this time, gets the reason beside the joint view, which stays useful.
    const orReason = (error: unknown) => {
      if (error instanceof ApiError) return { refused: error.message };
      throw error;
    };
    const [joint, form, plan] = await Promise.all([
      getJson<JointView>(`${base}/joint`, headers),
      getJson<TabRatingView | NoOpenRound>(`${base}/rating`, headers).catch(orReason),
      getJson<TabPlanView>(`${base}/actions`, headers).catch(orReason),
    ]);
    const save = async (body: unknown) => getJson<TabRatingView>(`${base}/rating`, await host.authHeaders(), body);
    const add = async (body: unknown) => getJson<TabPlanView>(`${base}/actions`, await host.authHeaders(), body);
    renderJoint(root, joint, 'refused' in form ? form : { form, save }, 'refused' in plan ? plan : { view: plan, add });
    return;
  }
  const account = /^\/tab\/account\/([A-Za-z0-9]{15,18})$/.exec(path);
  if (account) {
    const view = await getJson<AccountHistoryView>(`/api/tab/accounts/${account[1]}`, headers);
    renderAccount(root, view, channel ? null : '/tab/portfolio');
    return;
  }
  renderPortfolio(root, await getJson<PortfolioView>('/api/tab/portfolio', headers), (id) => `/tab/account/${id}`);
}

async function start(): Promise<void> {
  const boot = readBoot();
  let host: Host;
  try {
    // TeamsJS is loaded only inside Teams: the local preview never fetches it (nor its host list from the CDN).
    host = boot.mode === 'preview' ? previewHost(boot) : await (await import('./teams-host.ts')).teamsHost();
  } catch (error) {
    return showError(`This page runs inside Microsoft Teams (${(error as Error).message}).`);
  }
  document.documentElement.lang = host.locale || 'en';
  const render = async () => {
    destroyCharts();
    root.setAttribute('aria-busy', 'true');
    try {
      await draw(host);
    } catch (error) {
      showError(
        error instanceof ApiError ? error.message : `Something went wrong: ${(error as Error).message}`,
        error instanceof ApiError ? error.status : undefined,
      );
    } finally {
      root.setAttribute('aria-busy', 'false');
      host.loaded();
    }
  };
  host.onThemeChange(() => void render());
  await render();
}

void start();
