import { cardAttachment, type CardAttachment } from './render-card.ts';
import { VERBS } from './verbs.ts';
import type { ActionFormView } from '../../core/domain/action-plan.ts';

/** The form that adds an action to the plan; `message` says what the last submission did. */
export function actionFormCard(v: ActionFormView, message?: { text: string; ok: boolean }): CardAttachment {
  return cardAttachment('action-form', {
    verbs: VERBS,
    ...v,
    intro:
      v.place === 'shared'
        ? 'An action for a priority or an irritant, owned by one person. Your own actions are added at once; one ' +
          'for our team is proposed to them. Everyone in this channel sees the joint plan.'
        : 'An action for a priority or an irritant, owned by one of us. Internal actions stay with the account ' +
          'team; joint ones are shown to the client in the shared channel.',
    message: message?.text ?? '',
    messageColor: message?.ok ? 'Good' : 'Attention',
  });
}
