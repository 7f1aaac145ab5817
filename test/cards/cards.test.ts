import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bindCard, cardsDir, forgetParsedTemplates } from '../../src/features/cards/render-card.ts';
import { samples } from '../../scripts/cards/card-samples.ts';

// The library's ESM build has extensionless imports Node refuses; its UMD bundle parses without a DOM.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => {
    parse(json: unknown, ctx: unknown): void;
    validateProperties(): { validationEvents: { message: string }[] };
  };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
};

/** Teams renders Chart.* elements; the library does not know them and uses their fallback, which every chart must have. */
const TEAMS_ONLY = /^Unknown element type "Chart\.[A-Za-z.]+"\. Fallback will be used if present\.$/;

function problems(card: Record<string, unknown>): string[] {
  const context = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const out: string[] = [];
  for (let i = 0; i < context.eventCount; i++)
    if (!TEAMS_ONLY.test(context.getEventAt(i).message)) out.push(context.getEventAt(i).message);
  JSON.stringify(card, (_k, v: unknown) => {
    if (
      v &&
      typeof v === 'object' &&
      String((v as { type?: unknown }).type).startsWith('Chart.') &&
      !(v as { fallback?: unknown }).fallback
    )
      out.push(`${String((v as { type: string }).type)} has no fallback`);
    return v;
  });
  for (const e of parsed.validateProperties().validationEvents) out.push(e.message);
  return out;
}

describe('Card templates', () => {
  const templates = readdirSync(cardsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));

  it('Every template in cards/ has a sample view model here', () => {
    expect(templates.sort()).toEqual(Object.keys(samples).sort());
  });

  for (const name of templates) {
    it(`When ${name} is bound to its sample, then the Adaptive Cards library reports no problem and nothing is left unbound`, () => {
      const card = samples[name]!();
      expect(card.version).toBe('1.5');
      expect(problems(card)).toEqual([]);
      expect(JSON.stringify(card)).not.toMatch(/\$\{|\$data/);
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(80 * 1024);
    });
  }

  it('When some months have no return, then the scorecard chart keeps six months on its axis, no bar for those, and names them', () => {
    const bound = samples.scorecard!();
    const chart = (bound.body as { type: string; data?: unknown }[]).find((e) => e.type === 'Chart.VerticalBar') as
      | { data: unknown; xAxisTitle: string; yAxisTitle: string }
      | undefined;
    expect(chart?.data).toEqual([
      { x: 'May', y: null },
      { x: 'Jun', y: null },
      { x: 'Jul', y: null },
      { x: 'Aug', y: 2 },
      { x: 'Sept', y: 6 },
      { x: 'Oct', y: 8 },
    ]);
    expect([chart?.xAxisTitle, chart?.yAxisTitle]).toEqual(['Month', 'Client man-hours (h)']);
    const card = JSON.stringify(bound);
    expect(card).toContain('No bar: no return for May, Jun, Jul (no data, not zero).');
    expect(card).toContain('May no data, Jun no data, Jul no data, Aug 2.0, Sept 6.0, Oct 8.0');
    // Key activities with their trend: this month's count against last month's.
    expect(card).toContain(
      '"title":"Key activities","value":"1 this month, no return last month: Joint plan signed (Milestone)"',
    );
  });

  it('When templates are parsed once and reused, then every sample card is byte-identical to a fresh parse per bind', () => {
    // A fresh parse for each bind: the cache is emptied before every sample, so each is bound by a new template.
    const fresh = Object.fromEntries(
      Object.entries(samples).map(([name, sample]) => {
        forgetParsedTemplates();
        return [name, JSON.stringify(sample())];
      }),
    );
    // Through the cache: every template parsed once, then used for the other samples' data before this one's.
    forgetParsedTemplates();
    for (const sample of Object.values(samples)) sample();
    for (const name of Object.keys(samples).reverse()) expect(JSON.stringify(samples[name]!()), name).toBe(fresh[name]);
  });

  it('When the same parsed template binds different data in turn, then no binding leaks into the next', () => {
    const first = Object.fromEntries(Object.entries(samples).map(([name, sample]) => [name, JSON.stringify(sample())]));
    const other = (i: number) => ({
      title: `T${i}`,
      summary: i % 2 ? '' : 'S',
      duties: Array.from({ length: i }, (_, k) => `d${k}`),
      commands: [],
      footnote: '',
    });
    for (let i = 0; i < 5; i++) bindCard('help', other(i));
    for (const name of Object.keys(samples).reverse()) expect(JSON.stringify(samples[name]!())).toBe(first[name]);
    expect(JSON.stringify(bindCard('help', other(3)))).toBe(JSON.stringify(bindCard('help', other(3))));
    expect(JSON.stringify(bindCard('help', other(3)))).not.toBe(JSON.stringify(bindCard('help', other(4))));
  });

  it('When a template has an unknown element, then the check catches it', () => {
    expect(problems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Blink', text: 'x' }] }).join()).toMatch(
      /Blink/,
    );
    expect(
      bindCard('help', {
        title: 'T',
        summary: 'S',
        duties: ['a'],
        commands: [{ name: 'help', description: 'd' }],
        footnote: 'f',
      }),
    ).toMatchObject({ type: 'AdaptiveCard' });
  });
});
