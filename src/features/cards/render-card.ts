import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as ACData from 'adaptivecards-templating';

/** Folder of the Adaptive Card templates (`cards/*.json`), bound here from typed view models. */
export const cardsDir = fileURLToPath(new URL('../../../cards/', import.meta.url));

/**
 * Parsed templates, one per card. `new ACData.Template(json)` parses every `${...}` string with the
 * adaptive-expressions (ANTLR) parser: about 8 ms for the scorecard, 99% of a bind. `expand` is synchronous and
 * starts from a fresh evaluation context each call, so one parsed template serves every bind of its card.
 */
const templates = new Map<string, ACData.Template>();

/**
 * The templating library (with adaptive-expressions and its ANTLR parser: about 0.3 s of a start's CPU) is loaded
 * at the first bind, not at start: nothing before /readyz binds a card. It is CommonJS, so `require` loads it
 * synchronously and `bindCard` stays synchronous.
 */
let library: typeof ACData | undefined;
function templating(): typeof ACData {
  library ??= createRequire(import.meta.url)('adaptivecards-templating') as typeof ACData;
  return library;
}

function template(name: string): ACData.Template {
  let t = templates.get(name);
  if (!t) {
    t = new (templating().Template)(JSON.parse(readFileSync(`${cardsDir}${name}.json`, 'utf8')) as object);
    templates.set(name, t);
  }
  return t;
}

/**
 * Drops every parsed template, so the next bind of each card parses its template afresh: the card test compares
 * binds through the cache with fresh parses of the same view, which is what the cache must be invisible to.
 */
export function forgetParsedTemplates(): void {
  templates.clear();
}

/** Binds `cards/<name>.json` to its view model; the returned JSON is the card Teams renders. */
export function bindCard<V extends object>(name: string, view: V): Record<string, unknown> {
  return template(name).expand({ $root: view }) as Record<string, unknown>;
}

/** Teams' content type of an Adaptive Card attachment. */
const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * A message attachment holding an Adaptive Card, as the Bot Framework activity schema defines it (botbuilder's
 * `Attachment` accepts it as is), so use cases build cards without importing the bot SDK.
 */
export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  content: Record<string, unknown>;
}

/** The bound card as a message attachment. */
export function cardAttachment<V extends object>(name: string, view: V): CardAttachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: bindCard(name, view) };
}
