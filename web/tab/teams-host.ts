import { app, authentication, pages } from '@microsoft/teams-js';
import type { Host } from './host.ts';
import { applyTheme, toTheme, type Theme } from './theme.ts';

/**
 * Inside Teams: initialise TeamsJS, read the context (theme, locale, user and channel with its membership type and
 * owner tenant), follow theme changes, and sign requests with the SSO token (getAuthToken caches it).
 */
export async function teamsHost(): Promise<Host> {
  await app.initialize();
  const context = await app.getContext();
  const theme = toTheme(context.app.theme);
  applyTheme(theme);
  const channel = context.channel;
  const userTenant = context.user?.tenant?.id;
  const shared = channel?.membershipType === 'Shared';
  const handlers: ((t: Theme) => void)[] = [];
  app.registerOnThemeChangeHandler((name) => {
    const t = toTheme(name);
    applyTheme(t);
    for (const h of handlers) h(t);
  });
  return {
    mode: 'teams',
    theme,
    channel: channel?.id ? { id: channel.id, shared } : null,
    isExternal: !!(shared && userTenant && channel?.ownerTenantId && userTenant !== channel.ownerTenantId),
    locale: context.app.locale,
    async authHeaders() {
      return { Authorization: `Bearer ${await authentication.getAuthToken()}` };
    },
    onThemeChange: (h) => handlers.push(h),
    saveConfig(config) {
      pages.config.registerOnSaveHandler((event) => {
        pages.config.setConfig(config).then(
          () => event.notifySuccess(),
          (error: Error) => event.notifyFailure(error.message),
        );
      });
      pages.config.setValidityState(true);
    },
    loaded: () => app.notifySuccess(),
  };
}
