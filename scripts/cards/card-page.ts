import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { teamsHostConfig } from './teams-host-config.ts';

const bundle = readFileSync(createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.min.js'), 'utf8');

/** What a click on a card action hands the host: the Bot Framework sends this to the bot. */
export interface FiredAction {
  type: string;
  verb?: string;
  data: Record<string, unknown>;
}

/** A problem a person would see in a rendered card: a word broken across lines, or content wider than the screen. */
export interface LayoutProblem {
  kind: 'word broken across lines' | 'wider than the card';
  text: string;
}

/**
 * Renders a card with the `adaptivecards` library and the Teams-like host config in a page of the given width,
 * as Teams mobile draws a card to the width of the phone. `legacy` is a client that predates Universal Actions
 * (Adaptive Cards < 1.4): Action.Execute is unknown there, so each action's `fallback` is what a person gets.
 * Chart.* elements are unknown to the library, so their fallback shows, as on clients without charts.
 */
export async function renderCard(
  page: Page,
  card: object,
  options: { width: number; legacy?: boolean; theme?: 'light' | 'dark' },
): Promise<void> {
  const hostConfig = teamsHostConfig(options.theme ?? 'light');
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>
    body { margin: 0; padding: 0; font-family: ${hostConfig.fontFamily}; }
    #card { width: ${options.width}px; overflow: hidden; }
    .ac-input { padding: 4px 6px; border: 1px solid #8A8886; border-radius: 3px; }
  </style></head><body><div id="card"></div></body></html>`);
  await page.addScriptTag({ content: bundle });
  await page.evaluate(
    ({ card, hostConfig, legacy }) => {
      const AC = (window as unknown as { AdaptiveCards: any }).AdaptiveCards;
      const w = window as unknown as { fired: FiredAction[] };
      w.fired = [];
      const registry = new AC.CardObjectRegistry();
      AC.GlobalRegistry.populateWithDefaultActions(registry);
      if (legacy) registry.unregister('Action.Execute');
      const context = new AC.SerializationContext();
      context.setActionRegistry(registry);
      const ac = new AC.AdaptiveCard();
      ac.hostConfig = new AC.HostConfig(hostConfig);
      ac.onExecuteAction = (action: { getJsonTypeName(): string; verb?: string; data?: unknown }) => {
        w.fired.push({ type: action.getJsonTypeName(), verb: action.verb, data: (action.data ?? {}) as never });
      };
      ac.parse(card, context);
      document.getElementById('card')!.appendChild(ac.render());
    },
    { card, hostConfig, legacy: options.legacy ?? false },
  );
}

/** The actions clicked so far on the rendered card, with the data (inputs included) the host would send. */
export async function firedActions(page: Page): Promise<FiredAction[]> {
  return page.evaluate(() => (window as unknown as { fired: FiredAction[] }).fired);
}

/** Words split over two lines (the "What happe ned" of a label squeezed into a narrow column) and overflow. */
export async function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate(() => {
    const out: { kind: 'word broken across lines' | 'wider than the card'; text: string }[] = [];
    const root = document.getElementById('card')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? '';
      // A hyphen is a proper place to break ("man-" / "hours"); a break inside a word is not.
      for (const m of text.matchAll(/[^\s-]+/g)) {
        const range = document.createRange();
        range.setStart(n, m.index);
        range.setEnd(n, m.index + m[0].length);
        const lines = new Set(
          Array.from(range.getClientRects())
            .filter((r) => r.width > 0)
            .map((r) => Math.round(r.top)),
        );
        if (lines.size > 1) out.push({ kind: 'word broken across lines', text: m[0] });
      }
    }
    const inner = root.firstElementChild as HTMLElement | null;
    if (inner && inner.scrollWidth > root.clientWidth + 1)
      out.push({ kind: 'wider than the card', text: `${inner.scrollWidth}px in ${root.clientWidth}px` });
    return out;
  });
}
