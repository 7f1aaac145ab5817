import { cardAttachment } from './render-card.ts';
import { VERBS } from './verbs.ts';
import { plainName } from '../../core/domain/plain-text.ts';
import { describeTenant, type OtherTenant } from '../../core/domain/other-tenants.ts';

/** The dataset name of the account typeahead (Teams asks for it with an `application/search` invoke). */
export const ACCOUNTS_DATASET = 'pulse.key-accounts';

/**
 * The `link` card: a drop-down of my key accounts (every client draws one; the Agents Playground has no typeahead).
 * Where another organisation reads the channel it lists none (other clients' names): Teams' typeahead then finds
 * them by name, answering only the person typing.
 */
export function linkChannelCard(accounts: readonly { id: string; name: string }[], message = '', done = false) {
  return cardAttachment('link-channel', {
    verbs: VERBS,
    accounts: accounts.map((a) => ({ id: a.id, name: plainName(a.name) })),
    searchOnly: accounts.length === 0,
    dataset: ACCOUNTS_DATASET,
    message,
    messageColor: done ? 'Good' : 'Attention',
    done,
  });
}

/**
 * The confirmation before a channel shared with the client is linked: which account, and one tick box per other
 * organisation in the channel, named by its people, for the user to tick the client's. A consultant's or partner's
 * people are not the client: only the ticked organisations' people rate as the client. None comes ticked, even when
 * there is one (a consultant may be the first to join), so nobody links a third party by accepting the card as it comes.
 * `done` shows the outcome only.
 */
export function linkSharedCard(
  view: { accountId: string; accountName: string; tenants: readonly OtherTenant[] },
  message: string,
  done = false,
) {
  return cardAttachment('link-shared', {
    verbs: VERBS,
    accountId: view.accountId,
    accountName: plainName(view.accountName),
    tenantChoices: view.tenants.map((t) => ({ title: describeTenant(t), value: t.tenantId })),
    message,
    messageColor: done ? 'Good' : 'Default',
    done,
  });
}
