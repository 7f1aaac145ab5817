/**
 * The joint action plan (DOMAIN.md, rule 8; issue 27): actions owned on either side, added from a card whose owners
 * come from the channel's roster, changed by commands; our people create, change and close ours, the client's
 * people theirs and propose ours; internal actions never reach the shared channel. Against the Bot Connector
 * stand-in (host, client and third tenants; see ratings-world), whose roster answers with each member's tenant and
 * name as `GET /v3/conversations/{id}/members` does (PLATFORM.md; learn.microsoft.com/microsoftteams/platform/bots/
 * how-to/get-teams-context, "Fetch the roster or user profile").
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { QUALITY, RESPONSIVENESS, useRatingsWorld } from '../support/ratings-world.ts';
import { invokeValue } from '../support/card-client.ts';
import { outboxStore } from '../../src/adapters/store/outbox-store.ts';
import { drainSalesforceOutbox } from '../../src/adapters/salesforce-outbox/drain-salesforce-outbox.ts';

const w = useRatingsWorld({ perTest: true });
const { t, say, act, linkBoth } = w;

beforeEach(() => linkBoth());

/** The form's choices as the card lists them: input id to choice titles. */
function choicesOf(card: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; id?: string; choices?: { title: string }[] };
    if (n.type === 'Input.ChoiceSet' && n.id) out[n.id] = (n.choices ?? []).map((c) => c.title);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

/** The form as `actions add` posts it in a channel. */
async function formIn(key: string, channel: typeof w.internal) {
  const out = JSON.parse((await say(key, channel, 'actions add')).split('\n').at(-1)!) as {
    attachments?: { content: unknown }[];
  };
  return out.attachments?.[0]?.content;
}

const add = (key: string, channel: typeof w.internal, data: Record<string, string>) =>
  act(w.m[key]!.id, channel, 'action.save', { about: '', visibility: 'internal', ...data });

const stored = () =>
  t.tdb.db.query<{ title: string; status: string; visibility: string; owner_side: string }>(
    'SELECT title, status, visibility, owner_side FROM plan_actions ORDER BY seq',
  );

describe('The action plan (clock at 4 Nov 2026, 10:00 UTC)', () => {
  it('When Dana opens the form in the internal channel, then only our people on the account team can own it', async () => {
    const choices = choicesOf(await formIn('dana', w.internal));
    expect(choices.owner!.join('|')).toMatch(/Dana/);
    // Marco is in the team but on another account's team; the client's people are not in this channel.
    expect(choices.owner!.join('|')).not.toMatch(/Marco|Client/);
    expect(choices.about).toContain('Responsiveness');
    expect(choices.visibility).toEqual(['The account team only', 'Joint: shown to the client in the shared channel']);
  });

  it("When a client opens the form in the shared channel, then the client's people and ours can own it, and nobody of a third tenant", async () => {
    w.shared.memberIds.push(w.m.third!.id);
    const choices = choicesOf(await formIn('c1', w.shared));
    expect(choices.owner!.join('|')).toMatch(/Client c1 \(client\).*Dana|Dana.*Client c1 \(client\)/);
    expect(choices.owner!.join('|')).not.toMatch(/Third/);
    expect(choices.visibility).toBeUndefined();
  });

  it('When Dana adds an internal action, then the account team sees it and the shared channel never does', async () => {
    const res = await add('dana', w.internal, {
      title: 'Escalate the invoice backlog',
      owner: 'aad-dana',
      due: '2026-11-30',
      about: `e:${w.el(RESPONSIVENESS)}`,
    });
    expect(res.text).toContain('Added \\"Escalate the invoice backlog\\"');
    expect(await say('dana', w.internal, 'actions')).toMatch(
      /1\. Escalate the invoice backlog \(Responsiveness\).*internal/,
    );
    const shared = await say('c1', w.shared, 'actions');
    expect(shared).toContain('No actions yet');
    expect(shared).not.toContain('Escalate');
    // Dana in the shared channel sees the joint plan only, too: the place decides, not the person.
    expect(await say('dana', w.shared, 'actions')).not.toContain('Escalate');
  });

  it('When a client adds their own action and proposes one of ours, then ours waits for the account team, who accept it', async () => {
    expect(
      (await add('c1', w.shared, { title: 'Send the forecast monthly', owner: 'aad-c1', due: '2026-12-15' })).text,
    ).toContain('Added \\"Send the forecast monthly\\" for Client c1');
    expect(
      (await add('c1', w.shared, { title: 'Weekly delivery call', owner: 'aad-dana', due: '2026-12-01' })).text,
    ).toContain('is proposed to the account team');
    expect(await stored()).toEqual([
      { title: 'Send the forecast monthly', status: 'open', visibility: 'joint', owner_side: 'client' },
      { title: 'Weekly delivery call', status: 'proposed', visibility: 'joint', owner_side: 'ours' },
    ]);
    // The client cannot accept its own proposal, nor close ours; our people cannot close the client's.
    expect(await say('c1', w.shared, 'actions 2 accept')).toContain('the account team accepts or declines');
    expect(await say('dana', w.shared, 'actions 1 done')).toContain("The client's people change and close their own");
    expect(await say('dana', w.internal, 'actions 2 accept')).toContain('is now open');
    expect(await say('c1', w.shared, 'actions 2 done')).toContain('you change and close yours');
    expect(await say('c1', w.shared, 'actions 1 done')).toContain('is now done');
    expect((await stored()).map((a) => a.status)).toEqual(['done', 'open']);
  });

  it('When our person names a client as owner, then nothing is added: the client adds their own', async () => {
    const res = await add('dana', w.shared, { title: 'Share the roadmap', owner: 'aad-c1', due: '2026-12-01' });
    expect(res.text).toContain("Nothing was changed: Our people add our own actions; the client's people add theirs");
    expect(await stored()).toEqual([]);
  });

  it('When the same card action arrives twice (a Teams retry), then one action is added', async () => {
    const activity = t.bot.teams.activity(w.shared, w.m.c1!.id, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: invokeValue(
        { verb: 'action.save', data: {}, title: '' },
        { title: 'Name a deputy sponsor', owner: 'aad-c1', due: '2026-12-01', about: `e:${w.el(QUALITY)}` },
      ),
    });
    await t.bot.teams.deliver(activity);
    await t.bot.teams.deliver(activity);
    expect((await stored()).map((a) => a.title)).toEqual(['Name a deputy sponsor']);
  });

  it('When the input is bad, then the card says why and nothing is stored', async () => {
    const base = { title: 'A fine title', owner: 'aad-dana', due: '2026-12-01' };
    const cases: [Record<string, string>, RegExp][] = [
      [{ due: '2026-02-30' }, /the due date is not a real date/],
      [{ due: '2026-11-03' }, /the due date is from 2026-11-04 to 2027-11-05/],
      [{ due: '2028-01-01' }, /the due date is from 2026-11-04/],
      [{ title: '[pay here](https://evil.example)' }, /a title cannot hold markup/],
      [{ title: 'see www.evil.example' }, /a title cannot hold a web address/],
      [{ title: '__proto__' }, /a title cannot hold markup/],
      [{ title: 'x\u0007\u200b' }, /a title needs at least 2 visible characters/],
      // The HTTP edge refuses a NUL anywhere in a body before any handler runs.
      [{ title: 'ab\u0000c' }, /contains a NUL character/],
      [{ owner: 'aad-third' }, /choose the owner from the list/],
      [{ owner: 'constructor' }, /choose the owner from the list/],
      [{ about: 'e:__proto__' }, /choose what the action answers from the list/],
      [{ visibility: 'public' }, /Nothing was changed/],
    ];
    for (const [change, message] of cases) {
      const res = await add('dana', w.internal, { ...base, ...change });
      expect(res.text, JSON.stringify(change)).toMatch(message);
    }
    expect(await stored()).toEqual([]);
    // A title that is a property name is just words.
    expect((await add('dana', w.internal, { ...base, title: 'constructor' })).text).toContain('Added');
  });

  it('When someone who may not rate here asks, then they are refused and nothing changes', async () => {
    w.shared.memberIds.push(w.m.third!.id);
    expect(await say('third', w.shared, 'actions')).toContain(
      "work on this account's action plan, so nothing was changed",
    );
    const res = await add('third', w.shared, { title: 'Sneak one in', owner: 'aad-third', due: '2026-12-01' });
    expect(res.text).toContain('nothing was changed');
    expect(await stored()).toEqual([]);
  });

  it('When an owner moves the due date or closes and reopens, then the list follows; a closed action keeps its date', async () => {
    await add('dana', w.internal, {
      title: 'Fix the invoice run',
      owner: 'aad-dana',
      due: '2026-11-20',
      visibility: 'joint',
    });
    expect(await say('dana', w.internal, 'actions 1 due 2026-12-10')).toContain('is now due 2026-12-10');
    expect(await say('dana', w.internal, 'actions 1 due 2026-13-01')).toContain('Nothing was changed');
    expect(await say('dana', w.internal, 'actions 1 done')).toContain('is now done');
    expect(await say('dana', w.internal, 'actions 1 due 2026-12-20')).toContain('reopen it first');
    expect(await say('c1', w.shared, 'actions')).toMatch(
      /1\. Fix the invoice run: Dana .*\(us\), due 2026-12-10, done/,
    );
    expect(await say('dana', w.internal, 'actions 1 reopen')).toContain('is now open');
    expect(await say('dana', w.internal, 'actions 9 done')).toContain('no action with that number');
  });

  it("When actions are added and changed, then Salesforce gets each one's latest state as a Pulse Action, naming no one", async () => {
    await add('c1', w.shared, {
      title: 'Weekly delivery call',
      owner: 'aad-dana',
      due: '2026-12-01',
      about: `e:${w.el(RESPONSIVENESS)}`,
    });
    await add('dana', w.internal, { title: 'Escalate inside finance', owner: 'aad-dana', due: '2026-11-20' });
    await say('dana', w.internal, 'actions 1 accept');
    await say('dana', w.internal, 'actions 1 done');
    const crm = await w.salesforce().connect(t.bot.logs.log);
    // Accepted as declared (Pulse_Action__c in sf-schema.ts and the metadata under salesforce/).
    expect((await drainSalesforceOutbox({ outbox: outboxStore(t.tdb.db), crm, log: t.bot.logs.log })).failed).toBe(0);
    const records = w
      .salesforce()
      .sf.data.records('Pulse_Action__c')
      .map((r) => [
        r.Title__c,
        r.Element__c,
        r.Owner_Side__c,
        r.Status__c,
        r.Visibility__c,
        r.Due_Date__c,
        r.Done_Date__c,
      ]);
    expect(records).toEqual([
      ['Weekly delivery call', 'Responsiveness', 'Ours', 'Done', 'Joint', '2026-12-01', '2026-11-04'],
      ['Escalate inside finance', null, 'Ours', 'Open', 'Internal', '2026-11-20', null],
    ]);
    expect(JSON.stringify(w.salesforce().sf.data.records('Pulse_Action__c'))).not.toMatch(/Dana|aad-/);
  });

  it("When a round's results are posted, then both cards offer Add an action, which opens each side's own form", async () => {
    await w.closeRoundWithComment();
    await w.drain();
    for (const channel of [w.internal, w.shared]) {
      const results = JSON.stringify(t.bot.teams.sentTo(channel.id).at(-1)!.activity);
      expect(results).toContain('"verb":"action.form","title":"Add an action"');
    }
    const ours = await act(w.m.dana!.id, w.internal, 'action.form', {});
    expect(choicesOf(ours.card).owner!.join('|')).not.toMatch(/Client/);
    const theirs = await act(w.m.c1!.id, w.shared, 'action.form', {});
    expect(JSON.stringify(theirs.card)).toContain('Your own actions are added at once');
    expect(choicesOf(theirs.card).owner!.join('|')).toMatch(/Client c1 \(client\)/);
  });
});
