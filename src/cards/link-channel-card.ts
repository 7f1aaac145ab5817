import { cardAttachment } from './render-card.ts';
import { VERBS } from './verbs.ts';
import { plainName } from '../domain/plain-text.ts';

/** The dataset name of the account typeahead (Teams asks for it with an `application/search` invoke). */
export const ACCOUNTS_DATASET = 'pulse.key-accounts';

/** The `link` card: a filtered choice of my key accounts, with Teams' dynamic typeahead where available. */
export function linkChannelCard(accounts: readonly { id: string; name: string }[], message = '', done = false) {
  return cardAttachment('link-channel', {
    verbs: VERBS,
    accounts: accounts.map((a) => ({ id: a.id, name: plainName(a.name) })),
    dataset: ACCOUNTS_DATASET,
    message,
    messageColor: done ? 'Good' : 'Attention',
    done,
  });
}

/**
 * The confirmation before a channel shared with the client is linked: which account, and which client tenants
 * the roster shows (the user confirms them); `done` shows the outcome only.
 */
export function linkSharedCard(
  view: { accountId: string; accountName: string; tenants: readonly string[] },
  message: string,
  done = false,
) {
  return cardAttachment('link-shared', {
    verbs: VERBS,
    accountId: view.accountId,
    accountName: plainName(view.accountName),
    tenants: view.tenants.join(', '),
    message,
    messageColor: done ? 'Good' : 'Default',
    done,
  });
}
