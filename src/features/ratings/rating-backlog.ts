import { z } from 'zod';
import type { Database } from '../../adapters/store/database.ts';
import type { Logger } from '../../platform/log/logger.ts';
import type { Clock } from '../../core/domain/clock.ts';
import { ratingsStore } from '../../adapters/store/ratings-store.ts';
import { irritantsStore, type Irritant } from '../../adapters/store/irritants-store.ts';
import { elementProposalsStore } from '../../adapters/store/element-proposals-store.ts';
import { PulseError } from '../../core/pulse-error.ts';
import { DEFAULT_ELEMENTS, type ElementLevel } from '../../core/scoring/round-results.ts';
import { listNumber, typedLabel, valid } from './typed-input.ts';

const LEVELS = ['executive', 'management', 'operational'] as const;
/** The most proposals waiting for the account team: `elements` lists them all in one message, in both channels. */
export const MAX_PENDING_PROPOSALS = 10;
/** An element's or an owner's name as typed. */
const name = typedLabel('a name', 80);
const level = z.enum(LEVELS, { message: 'the level is executive, management or operational' });

const STATUS_TEXT: Record<Irritant['status'], string> = { open: 'open', in_progress: 'in progress', fixed: 'fixed' };

/**
 * What matters most and what irritates: the account's rating elements (shown, added, renamed, retired by the
 * account team; a retired one keeps its history), the client's proposals the team accepts or declines, and the
 * irritant backlog both sides see and update. Takes plain ids (the account, decided by the caller from the
 * channel and the roster) and returns text the bot and the tab can show.
 */
export function ratingBacklog(deps: { db: Database; log: Logger; now: Clock }) {
  const store = ratingsStore(deps.db);
  const irritants = irritantsStore(deps.db);
  const proposals = elementProposalsStore(deps.db);
  const nth = async (accountId: string, n: unknown) => {
    const elements = await store.activeElements(accountId, DEFAULT_ELEMENTS);
    const e = elements[valid(listNumber, n) - 1];
    if (!e) throw new PulseError('BAD_INPUT', 'Nothing was changed: there is no element with that number.');
    return e;
  };
  const nthIrritant = async (accountId: string, n: unknown) => {
    const item = (await irritants.irritants(accountId))[valid(listNumber, n) - 1];
    if (!item) throw new PulseError('BAD_INPUT', 'Nothing was changed: there is no irritant with that number.');
    return item;
  };
  return {
    /** The elements, numbered, with their levels, and the client's pending proposals. */
    async showElements(accountId: string): Promise<string> {
      const elements = await store.activeElements(accountId, DEFAULT_ELEMENTS);
      const pending = await proposals.pending(accountId);
      return [
        '**What matters most** (rated each round):',
        ...elements.map((e, i) => `${i + 1}. ${e.name} (${e.level})`),
        ...(pending.length
          ? ['', '**Proposed by the client:**', ...pending.map((p, i) => `P${i + 1}. ${p.name}`)]
          : []),
        '',
        'Change them with: elements add <level> <name>, elements rename <n> <name>, elements retire <n>, ' +
          'elements accept P<n> <level>, elements decline P<n>. Anyone rating can propose one: elements ' +
          'propose <name>.',
      ].join('\n');
    },
    async addElement(accountId: string, lvl: unknown, elementName: unknown): Promise<string> {
      const [n, l] = [valid(name, elementName), valid(level, lvl) as ElementLevel];
      // The defaults are stored on first read: an element added before anyone listed them must come after them.
      await store.activeElements(accountId, DEFAULT_ELEMENTS);
      const e = await store.addElement(accountId, n, l);
      return `Added "${e.name}" (${e.level}): it is rated from the next round on.`;
    },
    async renameElement(accountId: string, n: unknown, elementName: unknown): Promise<string> {
      const e = await nth(accountId, n);
      const to = valid(name, elementName);
      await store.renameElement(accountId, e.id, to);
      return `Renamed "${e.name}" to "${to}".`;
    },
    async retireElement(accountId: string, n: unknown): Promise<string> {
      const e = await nth(accountId, n);
      await store.retireElement(accountId, e.id);
      return `Retired "${e.name}": it keeps its history but is not rated from the next round on.`;
    },
    /** The client proposes an element from the shared channel (nobody's name is kept). */
    async propose(accountId: string, elementName: unknown): Promise<string> {
      const proposed = valid(name, elementName);
      const elements = await store.activeElements(accountId, DEFAULT_ELEMENTS);
      if (elements.some((e) => e.name.toLowerCase() === proposed.toLowerCase()))
        throw new PulseError('BAD_INPUT', `Nothing was changed: "${proposed}" is rated already.`);
      const { stored, pending } = await proposals.propose(accountId, proposed, MAX_PENDING_PROPOSALS);
      if (!stored && pending >= MAX_PENDING_PROPOSALS)
        throw new PulseError(
          'BAD_INPUT',
          `Nothing was changed: ${pending} proposals wait for the account team already. Propose this one once they have decided.`,
        );
      return `Thank you: "${proposed}" is proposed. The account team will accept or decline it.`;
    },
    async decide(accountId: string, n: unknown, accept: boolean, lvl?: unknown): Promise<string> {
      const pending = await proposals.pending(accountId);
      const p = pending[valid(listNumber, String(n).replace(/^p/i, '')) - 1];
      if (!p) throw new PulseError('BAD_INPUT', 'Nothing was changed: there is no proposal with that number.');
      if (!accept) {
        await proposals.decide(accountId, p.id, 'declined');
        return `Declined the proposal "${p.name}".`;
      }
      const chosen = valid(level, lvl) as ElementLevel;
      await store.activeElements(accountId, DEFAULT_ELEMENTS);
      await store.addElement(accountId, p.name, chosen);
      await proposals.decide(accountId, p.id, 'accepted');
      return `Accepted "${p.name}" (${chosen}): it is rated from the next round on.`;
    },
    /** The irritant backlog, numbered, without who raised each one (only the side). */
    async showIrritants(accountId: string): Promise<string> {
      const items = await irritants.irritants(accountId);
      if (!items.length) return 'No irritants raised yet.';
      return [
        '**Irritants** (update with: irritants <n> open | in progress | fixed, or irritants <n> owner <name>):',
        ...items.map(
          (i, n) =>
            `${n + 1}. ${i.title}${i.element ? ` (${i.element})` : ''}: ${STATUS_TEXT[i.status]}; raised by ` +
            `${i.raisedBy === 'client' ? 'the client' : 'the account team'}; ` +
            `${i.owner ? `owner: ${i.owner}` : 'no owner yet'}`,
        ),
      ].join('\n');
    },
    /** Names the owner of the n-th irritant: someone on either side, as typed (no markup). */
    async setIrritantOwner(accountId: string, n: unknown, owner: unknown): Promise<string> {
      const who = valid(name, owner);
      const item = await nthIrritant(accountId, n);
      await irritants.setIrritantOwner(accountId, item.id, who);
      return `"${item.title}" is now owned by ${who}.`;
    },
    async setIrritant(accountId: string, n: unknown, status: unknown): Promise<string> {
      const item = await nthIrritant(accountId, n);
      const to = valid(
        z.enum(['open', 'in progress', 'fixed'], { message: 'the status is open, in progress or fixed' }),
        status,
      );
      await irritants.setIrritantStatus(accountId, item.id, to === 'in progress' ? 'in_progress' : to, deps.now());
      return `"${item.title}" is now ${to}.`;
    },
  };
}

/** The elements and irritants use cases. */
export type RatingBacklog = ReturnType<typeof ratingBacklog>;
