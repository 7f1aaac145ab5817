import { describe, expect, it } from 'vitest';
import { changesNotice, changesSinceSave, salesforceAsSaved } from '../../src/core/domain/salesforce-changes.ts';
import { qbrMeeting, submittedReturn } from '../support/sample-return.ts';

const lunch = {
  ...qbrMeeting,
  sfEventId: '00U000000000002AAA',
  subject: 'Lunch [click](http://evil.example)',
  minutes: 60,
};

describe('What Salesforce changed since a return was saved (DOMAIN.md, measure 1)', () => {
  it('When a return was saved by a release that did not record Salesforce, or is a draft, then only what is gone is told', () => {
    const changed = [{ ...qbrMeeting, minutes: 90 }];
    expect(changesSinceSave(submittedReturn(), changed)).toBeNull();
    expect(changesSinceSave(submittedReturn(), [])?.gone.map((m) => m.sfEventId)).toEqual([qbrMeeting.sfEventId]);
    expect(changesSinceSave(submittedReturn({ status: 'draft', salesforceAtSave: {} }), changed)).toBeNull();
  });

  it('When Salesforce is as it was at the save, then nothing is told, even for a meeting the manager corrected', () => {
    const ret = submittedReturn({
      meetings: [{ ...qbrMeeting, minutes: 100 }],
      salesforceAtSave: salesforceAsSaved([qbrMeeting, lunch]),
    });
    expect(changesSinceSave(ret, [qbrMeeting, lunch])).toBeNull();
  });

  it('When a kept meeting changed, one was added and one kept is gone, then each is told; an excluded one that changed is not', () => {
    const ret = submittedReturn({
      meetings: [qbrMeeting, lunch],
      salesforceAtSave: salesforceAsSaved([qbrMeeting, lunch, { ...qbrMeeting, sfEventId: '00U000000000003AAA' }]),
    });
    const visit = { ...qbrMeeting, sfEventId: '00U000000000004AAA' };
    const excludedChanged = { ...qbrMeeting, sfEventId: '00U000000000003AAA', minutes: 5 };
    const c = changesSinceSave(ret, [{ ...qbrMeeting, clientAttendees: 3 }, visit, excludedChanged])!;
    expect([...c.changed.keys()]).toEqual([qbrMeeting.sfEventId]);
    expect(c.changed.get(qbrMeeting.sfEventId!)).toEqual({ minutes: 120, clientAttendees: 4, faceToFace: true });
    expect([...c.added]).toEqual([visit.sfEventId]);
    expect(c.gone.map((m) => m.sfEventId)).toEqual([lunch.sfEventId]);
    // The gone meeting's subject is echoed as plain text, never as a link.
    const notice = changesNotice(c, false);
    expect(notice).toContain('(1 meeting changed, 1 new, 1 no longer there)');
    expect(notice).not.toContain('](http');
  });
});
