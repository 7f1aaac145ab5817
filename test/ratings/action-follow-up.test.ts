/**
 * Follow-up that happens by itself (issue 27, item 3): our owners are reminded in their 1:1 chat before an action is
 * due and once it has passed; the shared channel gets a weekly digest of the joint plan that names sides, never who
 * is late; and nothing internal reaches the shared channel (the action plan's leak check). The cadence's tick runs
 * with the app's clock moved by the test; what it queues is delivered to the Bot Connector stand-in, which records
 * each message as Teams would receive it (a new 1:1 conversation is created through `POST /v3/conversations`,
 * learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { RESPONSIVENESS, useRatingsWorld } from '../support/ratings-world.ts';
import { actionFollowUp } from '../../src/features/ratings/action-follow-up.ts';

const w = useRatingsWorld({ perTest: true });
const { t, say, act, drain, linkBoth } = w;
const DAY = 86_400_000;

beforeEach(async () => {
  await linkBoth();
  // The organisation rolled the app out to Dana (Teams opens a 1:1 chat only with someone who has it installed).
  t.bot.teams.state.installedFor.add(w.m.dana!.id);
});

/** The cadence's follow-up with the app's clock, as the server runs it every 15 minutes. */
const tick = async () => {
  const done = await actionFollowUp({
    db: t.tdb.db,
    log: t.bot.logs.log,
    now: t.bot.clock.now,
    defaultServiceUrl: t.bot.teams.url,
  }).tick();
  await drain();
  return done;
};

const addAction = (key: string, channel: typeof w.internal, data: Record<string, string>) =>
  act(w.m[key]!.id, channel, 'action.save', { visibility: 'internal', about: `e:${w.el(RESPONSIVENESS)}`, ...data });

/** Dana's joint action, due on `due`. */
const jointCall = (due: string) =>
  addAction('dana', w.internal, { title: 'Weekly delivery call', owner: 'aad-dana', due, visibility: 'joint' });

/** What the stand-in received that holds `text`, with the conversation it went to. */
const messagesWith = (text: string) =>
  t.bot.teams.received
    .filter((r) => String(r.activity.text ?? '').includes(text))
    .map((r) => ({ to: r.conversationId, text: String(r.activity.text) }));

describe('Reminders to our owners (clock at Wed 4 Nov 2026, 10:00 UTC)', () => {
  it('When one of our actions is two days from due, then its owner is reminded once in a 1:1 chat; once it has passed, once more', async () => {
    await addAction('dana', w.internal, { title: 'Weekly delivery call', owner: 'aad-dana', due: '2026-11-06' });
    await addAction('dana', w.internal, { title: 'Later work', owner: 'aad-dana', due: '2026-11-20' });
    await addAction('c1', w.shared, { title: 'Send the forecast', owner: 'aad-c1', due: '2026-11-05', about: '' });
    expect(await tick()).toMatchObject({ actionReminders: 1 });
    const [due] = messagesWith('Reminder: your action');
    expect(due!.text).toContain('"Weekly delivery call" for Northwind Logistics is due on 2026-11-06');
    // Its number as the internal channel lists it (every action there, the client's too).
    expect(due!.text).toContain("mark it with actions 1 done in the account's internal channel");
    // A 1:1 conversation, not a channel; the client's own action is theirs to follow (no reminder from us).
    expect(due!.to).not.toContain('thread');
    expect(messagesWith('your action "Send the forecast')).toEqual([]);
    expect(await tick()).toMatchObject({ actionReminders: 0 });

    t.bot.clock.advance(3 * DAY);
    expect(await tick()).toMatchObject({ actionReminders: 1 });
    expect(messagesWith('was due on 2026-11-06 and is still open. Mark it done (actions 1 done)')).toHaveLength(1);
    expect(await tick()).toMatchObject({ actionReminders: 0 });
  });

  it('When the owner marks it done, or moves its date, then the reminders follow', async () => {
    await addAction('dana', w.internal, { title: 'Weekly delivery call', owner: 'aad-dana', due: '2026-11-06' });
    await say('dana', w.internal, 'actions 1 due 2026-11-30');
    expect(await tick()).toMatchObject({ actionReminders: 0 });
    t.bot.clock.advance(24 * DAY);
    expect(await tick()).toMatchObject({ actionReminders: 1 });
    await say('dana', w.internal, 'actions 1 done');
    t.bot.clock.advance(7 * DAY);
    expect(await tick()).toMatchObject({ actionReminders: 0 });
    expect(messagesWith('Weekly delivery call" for Northwind')).toHaveLength(1);
  });
});

describe('The digest in the shared channel, weekly or monthly', () => {
  it('When the account has a joint plan, then the shared channel gets its digest once a week, by side and without internal actions', async () => {
    await jointCall('2026-11-20');
    await addAction('dana', w.internal, { title: 'Escalate inside finance', owner: 'aad-dana', due: '2026-11-20' });
    await addAction('c1', w.shared, { title: 'Send the forecast', owner: 'aad-c1', due: '2026-11-05', about: '' });
    expect(await tick()).toMatchObject({ digests: 1 });
    const [digest] = t.bot.teams
      .sentTo(w.shared.id)
      .filter((r) => String(r.activity.text).includes('joint action plan'));
    expect(digest!.activity.text).toBe(
      [
        '**Our joint action plan this week** (Northwind Logistics): 2 open, 0 done since last week.',
        '- Weekly delivery call (us), due 2026-11-20',
        '- Send the forecast (you), due 2026-11-05',
        '',
        'Type actions to see the plan, add your own actions or close yours.',
      ].join('\n'),
    );
    expect(await tick()).toMatchObject({ digests: 0 });
    // The next Monday before nine: not yet; at nine, the week's digest, which neither names nor counts the late one.
    t.bot.clock.set('2026-11-09T08:30:00Z');
    expect(await tick()).toMatchObject({ digests: 0 });
    t.bot.clock.set('2026-11-09T09:00:00Z');
    expect(await tick()).toMatchObject({ digests: 1 });
    expect(t.bot.teams.sentTo(w.shared.id).at(-1)!.activity.text).toContain('2 open, 0 done since last week.');
  });

  it('When the account team chooses a monthly digest, then it goes on the first Monday of each month only, and the client cannot change it back', async () => {
    await jointCall('2026-11-20');
    expect(await say('c1', w.shared, 'actions digest')).toContain(
      "The joint plan's digest goes to the shared channel each week, from Monday 09:00.",
    );
    expect(await say('dana', w.internal, 'actions digest monthly')).toContain(
      'now goes to the shared channel each month, from the first Monday at 09:00',
    );
    expect(await say('c1', w.shared, 'actions digest weekly')).toContain(
      'Nothing was changed: the account team sets how often the digest comes.',
    );
    for (const bad of ['daily', '__proto__', 'constructor'])
      expect(await say('dana', w.internal, `actions digest ${bad}`)).toContain(
        'Nothing was changed: say actions digest weekly or actions digest monthly.',
      );
    // Wednesday 4 November: November's first Monday (the 2nd) has passed, so its digest still goes this week.
    expect(await tick()).toMatchObject({ digests: 1 });
    expect(t.bot.teams.sentTo(w.shared.id).at(-1)!.activity.text).toContain(
      '**Our joint action plan this month** (Northwind Logistics): 1 open, 0 done since last month.',
    );
    await say('dana', w.internal, 'actions 1 done');
    // The Mondays of 9, 16, 23 and 30 November: none; 7 December, the first Monday of December: one.
    for (const monday of ['2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']) {
      t.bot.clock.set(`${monday}T09:30:00Z`);
      expect(await tick()).toMatchObject({ digests: 0 });
    }
    t.bot.clock.set('2026-12-07T09:00:00Z');
    expect(await tick()).toMatchObject({ digests: 1 });
    expect(t.bot.teams.sentTo(w.shared.id).at(-1)!.activity.text).toContain('0 open, 1 done since last month.');
    // January: nothing open and nothing done since December's digest, so none.
    t.bot.clock.set('2027-01-04T10:00:00Z');
    expect(await tick()).toMatchObject({ digests: 0 });
  });

  it('The leak check: nothing of an internal action, nor an overdue mark or a name, reaches the shared channel through the plan', async () => {
    await addAction('dana', w.internal, { title: 'Escalate inside finance', owner: 'aad-dana', due: '2026-11-06' });
    await jointCall('2026-11-06');
    await say('c1', w.shared, 'actions');
    await say('dana', w.shared, 'actions');
    await say('c1', w.shared, 'actions 1 done');
    await say('c1', w.shared, 'actions add');
    t.bot.clock.advance(5 * DAY);
    await tick();
    const shared = [
      ...t.bot.teams.sentTo(w.shared.id, ['send', 'reply', 'create', 'update']).map((r) => JSON.stringify(r.activity)),
      ...w.sharedAnswers,
    ].join('\n');
    expect(shared).toContain('Weekly delivery call');
    for (const internal of [
      'Escalate inside finance',
      'internal',
      'overdue',
      'past its due',
      'late',
      'Revenue',
      'risk',
    ])
      expect(shared, internal).not.toContain(internal);
    // The digest names sides only: nobody is named as late.
    const digest = t.bot.teams
      .sentTo(w.shared.id)
      .map((r) => String(r.activity.text))
      .filter((text) => text.includes('joint action plan this week'));
    expect(digest.join('\n')).toContain('Weekly delivery call (us)');
    expect(digest.join('\n')).not.toMatch(/Dana|Client c1/);
  });
});
