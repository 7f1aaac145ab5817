import { cardAttachment } from './render-card.ts';
import { VERBS } from './verbs.ts';
import { plainName } from '../../core/domain/plain-text.ts';

/**
 * The quick card of `log meeting`: one of my key accounts, a date this month up to `today` (`YYYY-MM-DD`, on the
 * account manager's calendar), minutes, client attendees.
 */
export function logMeetingCard(
  accounts: readonly { id: string; name: string }[],
  today: string,
  message?: { text: string; ok: boolean },
) {
  return cardAttachment('log-meeting', {
    verbs: VERBS,
    accounts: accounts.map((a) => ({ id: a.id, name: plainName(a.name) })),
    minDate: `${today.slice(0, 7)}-01`,
    maxDate: today,
    message: message?.text ?? '',
    messageColor: message?.ok ? 'Good' : 'Attention',
  });
}
