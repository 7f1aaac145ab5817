/** The three Teams themes the tab follows. */
export type Theme = 'default' | 'dark' | 'contrast';

/** Teams' theme names (`default`, `dark`, `contrast`; some hosts say `light`) mapped to ours. */
export function toTheme(name: string | null | undefined): Theme {
  return name === 'dark' ? 'dark' : name === 'contrast' ? 'contrast' : 'default';
}

/** Applies a theme to the page; charts read their colours from the same CSS variables. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

/** The current value of a theme colour (CSS custom property). */
export function themeColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(`--${name}`).trim();
}
