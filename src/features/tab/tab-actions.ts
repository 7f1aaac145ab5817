import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ChannelRoster } from '../../core/ports/channel-roster.ts';
import type { ActionPlan } from '../ratings/action-plan.ts';
import { asChannelMember } from './as-channel-member.ts';
import { TabRefusal } from './tab-refusal.ts';
import type { SignedInIdentity } from './tab-viewer.ts';
import type { TabPlanView } from './tab-views.ts';

/**
 * What a tab's add carries besides the form's fields: a key the page makes once per form it shows, so a POST sent
 * again (a retry after a lost answer, a double click) adds one action.
 */
const keyed = z.object(
  { key: z.uuid({ error: 'The form has expired: open the plan again.' }) },
  { error: "Send the form's fields as one JSON object." },
);

/**
 * The action plan in a channel's tab (issue 27, item 2): the same use cases as the bot's form, as the signed-in
 * person. Who they are (side, account) comes from the channel's roster and the token, never from the body; what they
 * may add or propose is the action-plan rules'.
 */
export function tabActions(deps: { actions: ActionPlan; roster: ChannelRoster }) {
  const run = asChannelMember(deps.roster);
  const view = async (oid: string, roster: ChannelRoster, channelId: string): Promise<TabPlanView> => {
    const r = await deps.actions.asker(channelId, oid, roster);
    return { actions: await deps.actions.rows(r), form: await deps.actions.form(r, roster), result: null };
  };
  return {
    /** The plan as this channel may show it, and the form for the viewer's side. */
    plan: (identity: SignedInIdentity, channelId: string): Promise<TabPlanView> =>
      run(identity, (oid, roster) => view(oid, roster, channelId)),

    /** Adds an action from the tab's form, once per form key; the answer is the plan again with what happened. */
    add: (identity: SignedInIdentity, channelId: string, body: unknown): Promise<TabPlanView> =>
      run(identity, async (oid, roster) => {
        // Who is asking first: someone who may not act here is told so, whatever they sent.
        const r = await deps.actions.asker(channelId, oid, roster);
        const key = keyed.safeParse(body);
        if (!key.success) throw new TabRefusal(400, 'BadRequest', key.error.issues[0]!.message);
        // The person's own key: another person's form key can never stand for theirs.
        const actionKey = `tab-${createHash('sha256').update(`${oid}\u0000${key.data.key}`).digest('base64url').slice(0, 22)}`;
        const text = await deps.actions.add(r, roster, body, actionKey);
        return { ...(await view(oid, roster, channelId)), result: text };
      }),
  };
}

/** The tab's action plan use cases. */
export type TabActions = ReturnType<typeof tabActions>;
