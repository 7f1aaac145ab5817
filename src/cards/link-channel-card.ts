import { cardAttachment } from './render-card.ts';
import { VERBS } from './verbs.ts';

/** The dataset name of the account typeahead (Teams asks for it with an `application/search` invoke). */
export const ACCOUNTS_DATASET = 'pulse.key-accounts';

/** The `link` card: a filtered choice of my key accounts, with Teams' dynamic typeahead where available. */
export function linkChannelCard(accounts: readonly { id: string; name: string }[], message = '', done = false) {
  return cardAttachment('link-channel', {
    verbs: VERBS,
    accounts: accounts.map((a) => ({ id: a.id, name: a.name })),
    dataset: ACCOUNTS_DATASET,
    message,
    messageColor: done ? 'Good' : 'Attention',
    done,
  });
}
