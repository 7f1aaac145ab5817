/**
 * DOMAIN.md, rule 8, as a table: our people create, change and close our actions; the client's people their own,
 * and propose ours; joint actions are client-safe, internal ones never reach the shared channel.
 */
import { describe, expect, it } from 'vitest';
import {
  changeOf,
  isOverdue,
  newAction,
  visibleIn,
  youSaidWeDid,
  type ActionChange,
  type PlanAction,
} from '../../src/core/domain/action-plan.ts';

const action = (over: Partial<PlanAction>): PlanAction => ({
  id: 'a',
  title: 'Weekly delivery call',
  element: 'Responsiveness',
  irritant: null,
  ownerSide: 'ours',
  ownerName: 'Dana',
  dueOn: '2026-12-01',
  status: 'open',
  visibility: 'joint',
  doneAt: null,
  ...over,
});

describe('Who may create which action', () => {
  it.each([
    ['internal', 'internal', 'ours', 'internal', { status: 'open', visibility: 'internal' }],
    ['internal', 'internal', 'ours', 'joint', { status: 'open', visibility: 'joint' }],
    // In the shared channel everything is joint, whatever was asked.
    ['internal', 'shared', 'ours', 'internal', { status: 'open', visibility: 'joint' }],
    ['client', 'shared', 'client', 'internal', { status: 'open', visibility: 'joint' }],
    ['client', 'shared', 'ours', 'joint', { status: 'proposed', visibility: 'joint' }],
  ] as const)('%s in the %s channel, owner %s, asked %s: %o', (asker, place, owner, wanted, expected) => {
    expect(newAction(asker, place, owner, wanted)).toEqual(expected);
  });

  it.each([
    ['internal', 'shared', 'client'],
    ['internal', 'internal', 'client'],
    ['client', 'internal', 'client'],
  ] as const)('%s in the %s channel may not create an action owned by the %s side', (asker, place, owner) => {
    expect(newAction(asker, place, owner, 'joint')).toHaveProperty('refused');
  });
});

describe('Who may change which action', () => {
  const cases: [string, 'client' | 'internal', Partial<PlanAction>, ActionChange, string | null][] = [
    ['our person closes ours', 'internal', {}, 'done', 'done'],
    ['our person accepts a proposal', 'internal', { status: 'proposed' }, 'accept', 'open'],
    ['our person declines a proposal', 'internal', { status: 'proposed' }, 'decline', 'dropped'],
    ['our person reopens a done one', 'internal', { status: 'done' }, 'reopen', 'open'],
    ['our person may not close the client’s', 'internal', { ownerSide: 'client' }, 'done', null],
    ['the client closes theirs', 'client', { ownerSide: 'client' }, 'done', 'done'],
    ['the client drops theirs', 'client', { ownerSide: 'client' }, 'drop', 'dropped'],
    ['the client may not close ours', 'client', {}, 'done', null],
    ['the client may not accept its proposal', 'client', { status: 'proposed' }, 'accept', null],
    ['the client never reaches an internal action', 'client', { visibility: 'internal' }, 'done', null],
    ['a proposal is not closed before it is accepted', 'internal', { status: 'proposed' }, 'done', null],
    ['an open action is not accepted', 'internal', {}, 'accept', null],
    ['a done action keeps its due date', 'internal', { status: 'done' }, 'due', null],
    ['an open action can move its date', 'internal', {}, 'due', 'open'],
  ];
  it.each(cases)('%s', (_name, asker, over, change, to) => {
    const result = changeOf(asker, action(over), change);
    if (to === null) expect(result).toHaveProperty('refused');
    else expect(result).toEqual({ status: to });
  });

  it('tells the client nothing about an internal action: the same words as a wrong number', () => {
    expect(changeOf('client', action({ visibility: 'internal' }), 'done')).toEqual({
      refused: 'There is no action with that number.',
    });
  });
});

describe('Where an action is seen, and when it is late', () => {
  it('shows the shared channel joint actions only', () => {
    const all = [action({ id: '1' }), action({ id: '2', visibility: 'internal' })];
    expect(visibleIn('shared', all).map((a) => a.id)).toEqual(['1']);
    expect(visibleIn('internal', all).map((a) => a.id)).toEqual(['1', '2']);
  });

  it('counts an open or proposed action past its date as overdue, never a closed one', () => {
    expect(isOverdue(action({}), '2026-12-02')).toBe(true);
    expect(isOverdue(action({}), '2026-12-01')).toBe(false);
    expect(isOverdue(action({ status: 'proposed' }), '2026-12-02')).toBe(true);
    expect(isOverdue(action({ status: 'done' }), '2027-01-01')).toBe(false);
  });
});

describe('"You said, we did"', () => {
  it('groups what was done by element, and leaves internal actions out of the shared channel', () => {
    const done = [
      action({ title: 'Weekly delivery call', status: 'done' }),
      action({ title: 'Internal escalation', status: 'done', visibility: 'internal' }),
      action({ title: 'Send the forecast', ownerSide: 'client', element: null, status: 'done' }),
    ];
    const fixed = [{ title: 'Invoices arrive late', element: 'Responsiveness' }];
    expect(youSaidWeDid('shared', done, fixed)).toEqual([
      { element: 'Responsiveness', lines: ['Weekly delivery call (done by us)', 'Fixed: Invoices arrive late'] },
      { element: 'Our work together', lines: ['Send the forecast (done by you)'] },
    ]);
    expect(youSaidWeDid('internal', done, [])[0]!.lines).toContain('Internal escalation (done by us)');
    // The account team reads the client's part in its own words.
    expect(youSaidWeDid('internal', done, [])[1]!.lines).toEqual(['Send the forecast (done by the client)']);
    expect(youSaidWeDid('shared', [], [])).toEqual([]);
  });
});
