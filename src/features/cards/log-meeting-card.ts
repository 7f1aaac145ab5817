import { cardAttachment } from './render-card.ts';
import { VERBS } from './verbs.ts';
import { periodBounds, periodOf } from '../../core/domain/period.ts';
import { plainName } from '../../core/domain/plain-text.ts';

/** The quick card of `log meeting`: one of my key accounts, a date this month (of `now`), minutes, client attendees. */
export function logMeetingCard(
  accounts: readonly { id: string; name: string }[],
  now: Date,
  message?: { text: string; ok: boolean },
) {
  const [from, to] = periodBounds(periodOf(now));
  return cardAttachment('log-meeting', {
    verbs: VERBS,
    accounts: accounts.map((a) => ({ id: a.id, name: plainName(a.name) })),
    minDate: from.toISOString().slice(0, 10),
    maxDate: new Date(to.getTime() - 86_400_000).toISOString().slice(0, 10),
    message: message?.text ?? '',
    messageColor: message?.ok ? 'Good' : 'Attention',
  });
}
