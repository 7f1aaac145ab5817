import { beforeEach, describe, expect, it } from 'vitest';
import { remindCycle } from '../../src/features/cycle/cycle-steps.ts';
import { useCycleWorld } from '../support/cycle-world.ts';

// Each test has a world of its own, the cycle open.
const w = useCycleWorld({ perTest: true });
const { t, period, members } = w;

beforeEach(() => w.openCycleForAll());

describe('The monthly cycle: reminders and status (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When reminders go out, then only those who still owe a return get one, once', async () => {
    await w.answerAll('dana');
    t.bot.teams.received.length = 0;
    const first = await remindCycle(w.deps, period, 'remind1');
    expect(first.queued).toBe(2);
    await w.deliverAll();
    expect(t.bot.teams.sentTo(t.bot.teams.state.personalConversationId(members.dana!.id))).toHaveLength(0);
    expect(
      t.bot.teams.sentTo(t.bot.teams.state.personalConversationId(members.marco!.id)).map((r) => r.activity.text),
    ).toEqual([expect.stringMatching(/^Reminder: your .* check-in is waiting \(3 of 3 accounts to go\)\.$/)]);
    expect((await remindCycle(w.deps, period, 'remind1')).queued).toBe(0);
  });

  it('When a sales director types status, then they see which account managers answered, and who could not be reached and why', async () => {
    await w.answerAll('dana');
    await w.addSam();
    const chat = t.bot.teams.state.personalConversation(members.sam!);
    t.bot.teams.received.length = 0;
    await t.bot.teams.deliver(t.bot.teams.activity(chat, members.sam!.id, { type: 'message', text: 'status' }));
    const text = t.bot.teams
      .sentTo(chat.id)
      .map((r) => String(r.activity.text ?? ''))
      .join('\n');
    expect(text).toContain('**Dana Whitfield**: 3 of 3 returns in');
    expect(text).toContain('**Marco Rossi**: 0 of 3 returns in');
    expect(text).toMatch(
      /\*\*Lena Hoffmann\*\*: could not be reached: no Teams user with the sign-in or e-mail lena\.hoffmann@pulse-demo\.example/,
    );
  });
});
