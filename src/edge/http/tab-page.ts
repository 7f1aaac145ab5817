/**
 * Hosts that may frame the tab: Teams, Microsoft 365 and Outlook, as Microsoft lists them for tabs
 * (https://learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements), including the
 * *.cloud.microsoft domains the web clients are moving to.
 */
export const TAB_FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook-sdf.office.com',
  'https://outlook-sdf.office365.com',
] as const;

/** The tab pages' policy: only our own scripts, styles and API; framed only by Microsoft 365 hosts. */
export const TAB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  // TeamsJS reads the list of Microsoft 365 host domains from Microsoft's CDN when it loads (Teams mode only).
  "connect-src 'self' https://res.cdn.office.net",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  `frame-ancestors ${TAB_FRAME_ANCESTORS.join(' ')}`,
].join('; ');

/** What the page's script needs before its first request: the mode, and in the local preview its users. */
export interface TabBoot {
  mode: 'teams' | 'preview';
  previewUsers?: readonly { id: string; name: string; title: string; kind: 'internal' | 'client' }[];
  previewSharedChannel?: string;
}

/** JSON safe inside a <script> element: no `<` can close it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The one HTML shell every tab route serves; the script reads the path and renders the view. */
export function tabPage(version: string, boot: TabBoot, preload: readonly string[] = []): string {
  const preloads = preload.map((chunk) => `<link rel="modulepreload" href="/tab/assets/${chunk}">\n`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partnership Pulse</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/tab/assets/main.css?v=${version}">
<script type="application/json" id="pulse-boot">${scriptJson(boot)}</script>
${preloads}<script type="module" src="/tab/assets/main.js?v=${version}"></script>
</head>
<body>
<main id="app" aria-busy="true"><p>Loading…</p></main>
</body>
</html>
`;
}
