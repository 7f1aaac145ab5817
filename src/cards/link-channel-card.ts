import { cardAttachment } from './render-card.ts';
import { VERBS } from './verbs.ts';
import { plainName, plainText } from '../domain/plain-text.ts';

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

/** An organisation (tenant) other than ours in a shared channel, as the confirm card offers it. */
export interface OtherTenant {
  tenantId: string;
  /** Its people in the channel now (0: only Teams' channelShared event names it so far). */
  people: number;
  /** The domains of their sign-in names (UPN or e-mail), which name the organisation without naming anyone. */
  domains: readonly string[];
}

const MAX_DOMAINS = 3;

/**
 * "contoso.com, 4 people in this channel (tenant 72f988bf-…)": whose a tenant is, in words the user recognises.
 * No one's name: whatever is posted in the shared channel names no member (ratings there are anonymous).
 */
function tenantTitle(t: OtherTenant): string {
  const domains = t.domains.map((d) => plainText(d, 60)).filter(Boolean);
  const shown = domains.length > MAX_DOMAINS ? [...domains.slice(0, MAX_DOMAINS), '…'] : domains;
  const who = !t.people
    ? 'nobody from it has joined yet'
    : `${t.people === 1 ? '1 person' : `${t.people} people`} in this channel`;
  return `${shown.length ? `${shown.join(', ')}: ` : ''}${who} (tenant ${plainText(t.tenantId, 100)})`;
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
    tenantChoices: view.tenants.map((t) => ({ title: tenantTitle(t), value: t.tenantId })),
    message,
    messageColor: done ? 'Good' : 'Default',
    done,
  });
}
