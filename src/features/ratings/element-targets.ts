import { z } from 'zod';
import type { Database } from '../../adapters/store/database.ts';
import type { Logger } from '../../platform/log/logger.ts';
import type { Clock } from '../../core/domain/clock.ts';
import { ratingsStore } from '../../adapters/store/ratings-store.ts';
import { targetsStore } from '../../adapters/store/targets-store.ts';
import { PulseError } from '../../core/pulse-error.ts';
import { DEFAULT_ELEMENTS } from '../../core/scoring/round-results.ts';
import { formatScore } from '../../core/domain/round1.ts';
import { plainName } from '../../core/domain/plain-text.ts';
import type { Rater } from './resolve-rater.ts';
import { listNumber, valid } from './typed-input.ts';

/** A target on the rating scale, in halves: 1, 1.5 ... 5. */
const score = z
  .string()
  .regex(/^[1-5](\.[05])?$/, 'a target is a performance from 1 to 5, in halves (3.5)')
  .transform(Number)
  .pipe(z.number().max(5, 'a target is a performance from 1 to 5, in halves (3.5)'));

/**
 * Targets per element for the next round (issue 27, item 1): the account team proposes a target performance for an
 * element (`targets <n> <score>`), the client agrees them in the shared channel (`targets agree`); agreed targets are
 * what the next round's ratings are shown against, on the joint scorecard and the tab.
 */
export function elementTargets(deps: { db: Database; log: Logger; now: Clock }) {
  const store = targetsStore(deps.db);
  const elements = (accountId: string) => ratingsStore(deps.db).activeElements(accountId, DEFAULT_ELEMENTS);
  return {
    /** The elements, numbered as `elements` numbers them, with the agreed target and the one proposed. */
    async list(r: Rater): Promise<string> {
      const all = await store.ofAccount(r.accountId);
      const latest = (id: string, agreed: boolean) =>
        all.filter((t) => t.elementId === id && (t.agreedAt !== null) === agreed).at(-1);
      const lines = (await elements(r.accountId)).map((e, i) => {
        const agreed = latest(e.id, true);
        const proposed = latest(e.id, false);
        return (
          `${i + 1}. ${plainName(e.name)}: ${agreed ? `target ${formatScore(agreed.target)}` : 'no target'}` +
          `${proposed ? `; proposed ${formatScore(proposed.target)}, waiting for the client to agree` : ''}`
        );
      });
      return [
        '**Targets for the next round** (the performance both sides aim at, 1 to 5):',
        ...lines,
        '',
        r.side === 'internal'
          ? 'Propose one with: targets <n> <score> (e.g. targets 5 3.5); the client agrees in the shared channel.'
          : 'Agree the proposed targets with: targets agree.',
      ].join('\n');
    },
    /** The account team proposes a target for the n-th element. */
    async propose(r: Rater, n: unknown, target: unknown): Promise<string> {
      if (r.side !== 'internal')
        throw new PulseError('TEAM_ONLY', 'Thank you: the account team proposes targets, and you agree them.');
      const e = (await elements(r.accountId))[valid(listNumber, n) - 1];
      if (!e) throw new PulseError('BAD_INPUT', 'Nothing was changed: there is no element with that number.');
      const t = valid(score, target);
      await store.propose(r.accountId, e.id, t, deps.now());
      return `Proposed target ${formatScore(t)} for ${plainName(e.name)}: it counts once the client agrees it in the shared channel.`;
    },
    /** A client member agrees every proposed target in the shared channel. */
    async agree(r: Rater): Promise<string> {
      if (r.side !== 'client' || r.channel.purpose !== 'shared')
        throw new PulseError('CLIENT_ONLY', 'The client agrees the targets, in the channel shared with them.');
      const agreed = await deps.db.transaction((tx) => targetsStore(tx).agree(r.accountId, deps.now()));
      if (!agreed.length) throw new PulseError('BAD_INPUT', 'No target is waiting to be agreed.');
      deps.log.info({ accountId: r.accountId, agreed: agreed.length }, 'targets agreed');
      // Each one named: what was agreed is what the client reads here, even a draft changed since they listed them.
      const list = agreed.map((t) => `${plainName(t.element)} ${formatScore(t.target)}`).join(', ');
      return `Thank you: agreed ${list}. The next round's results show how we do against ${agreed.length === 1 ? 'it' : 'them'}.`;
    },
  };
}

/** The element targets' use cases. */
export type ElementTargets = ReturnType<typeof elementTargets>;
