import type { TabBoot } from '../../src/edge/http/tab-page.ts';
import { applyTheme, toTheme, type Theme } from './theme.ts';

/** Where the tab runs and what it knows about the person and the channel. */
export interface Host {
  mode: 'teams' | 'preview';
  theme: Theme;
  /** The channel the tab is in (Teams context), or the preview's simulated one. */
  channel: { id: string; shared: boolean } | null;
  /** The user's tenant against the channel owner's: a client user in a shared channel differs. */
  isExternal: boolean;
  locale: string;
  /** Headers that sign the API request in (an Entra SSO token in Teams; the chosen demo user in the preview). */
  authHeaders(): Promise<Record<string, string>>;
  onThemeChange(handler: (theme: Theme) => void): void;
  /** Teams' configuration page: save the content URL when the user presses Save. */
  saveConfig?(config: { contentUrl: string; websiteUrl: string; entityId: string; suggestedDisplayName: string }): void;
  /** Tells Teams the page rendered (hides its loading indicator). */
  loaded(): void;
}

/** The boot data the server wrote into the page. */
export function readBoot(): TabBoot {
  const el = document.getElementById('pulse-boot');
  return JSON.parse(el?.textContent ?? '{"mode":"teams"}') as TabBoot;
}

const PREVIEW_USER = 'pulse-preview-user';
const PREVIEW_THEME = 'pulse-preview-theme';

/** The local preview: the user and theme come from the banner's switchers (kept in localStorage, or ?as= / ?theme=). */
export function previewHost(boot: TabBoot): Host {
  const params = new URLSearchParams(location.search);
  const users = boot.previewUsers ?? [];
  for (const [param, key] of [
    ['as', PREVIEW_USER],
    ['theme', PREVIEW_THEME],
  ] as const) {
    const v = params.get(param);
    if (v) localStorage.setItem(key, v);
  }
  const userId = users.some((u) => u.id === localStorage.getItem(PREVIEW_USER))
    ? localStorage.getItem(PREVIEW_USER)!
    : users[0]!.id;
  const user = users.find((u) => u.id === userId)!;
  const theme = toTheme(localStorage.getItem(PREVIEW_THEME));
  applyTheme(theme);
  const handlers: ((t: Theme) => void)[] = [];
  const host: Host = {
    mode: 'preview',
    theme,
    channel:
      user.kind === 'client' || location.pathname === '/tab/shared'
        ? { id: boot.previewSharedChannel ?? '', shared: true }
        : null,
    isExternal: user.kind === 'client',
    locale: navigator.language,
    authHeaders: async () => ({ 'X-Pulse-Preview-User': userId }),
    onThemeChange: (h) => handlers.push(h),
    loaded: () => undefined,
  };
  document.body.prepend(
    previewBanner(users, user, theme, (t) => {
      localStorage.setItem(PREVIEW_THEME, t);
      applyTheme(t);
      host.theme = t;
      for (const h of handlers) h(t);
    }),
  );
  return host;
}

function previewBanner(
  users: NonNullable<TabBoot['previewUsers']>,
  user: NonNullable<TabBoot['previewUsers']>[number],
  theme: Theme,
  setTheme: (t: Theme) => void,
): HTMLElement {
  const banner = document.createElement('header');
  banner.className = 'preview-banner';
  banner.setAttribute('aria-label', 'Local preview');
  const text = document.createElement('p');
  text.id = 'preview-as';
  text.textContent = `Local preview as ${user.name} (${user.title}). Demo data, no sign-in.`;
  const who = select(
    'View as',
    'preview-user',
    users.map((u) => [u.id, `${u.name}${u.kind === 'client' ? ' (client)' : ''}`]),
    user.id,
    (id) => {
      localStorage.setItem(PREVIEW_USER, id);
      const client = users.find((u) => u.id === id)?.kind === 'client';
      location.assign(client ? '/tab/shared' : '/tab');
    },
  );
  const look = select(
    'Theme',
    'preview-theme',
    [
      ['default', 'Light'],
      ['dark', 'Dark'],
      ['contrast', 'High contrast'],
    ],
    theme,
    (t) => setTheme(toTheme(t)),
  );
  banner.append(text, who, look);
  return banner;
}

function select(label: string, id: string, options: [string, string][], value: string, change: (v: string) => void) {
  const wrap = document.createElement('span');
  const l = document.createElement('label');
  l.htmlFor = id;
  l.textContent = label;
  const s = document.createElement('select');
  s.id = id;
  for (const [v, text] of options) {
    const o = document.createElement('option');
    o.value = v;
    o.textContent = text;
    o.selected = v === value;
    s.append(o);
  }
  s.addEventListener('change', () => change(s.value));
  wrap.append(l, ' ', s);
  return wrap;
}
