/**
 * Coloured text people must read (a return's status, a verdict) keeps its contrast: Teams' light theme draws
 * `Warning` (#c19c00 family) at about 2.5:1 on white and any colour with `isSubtle` lighter still, below the 4.5:1
 * WCAG 2.1 asks of body text (https://www.w3.org/TR/WCAG21/#contrast-minimum). Every sample card is walked.
 */
import { describe, expect, it } from 'vitest';
import { samples } from '../../scripts/cards/card-samples.ts';

function colouredText(node: unknown, out: { color: string; subtle: boolean; text: string }[] = []) {
  if (Array.isArray(node)) for (const n of node) colouredText(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.color === 'string' && o.color !== 'Default')
      out.push({ color: o.color, subtle: o.isSubtle === true, text: String(o.text ?? '') });
    for (const v of Object.values(o)) colouredText(v, out);
  }
  return out;
}

describe('Coloured text in cards', () => {
  it('When a card colours text, then it is never Warning yellow and never subtle', () => {
    const faint = Object.entries(samples).flatMap(([name, build]) =>
      colouredText(build())
        .filter((t) => t.color === 'Warning' || t.subtle)
        .map((t) => `${name}: ${t.color}${t.subtle ? ' (subtle)' : ''} "${t.text.slice(0, 40)}"`),
    );
    expect(faint).toEqual([]);
  });
});
