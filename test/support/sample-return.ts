import type { MonthlyReturn, ReturnMeetingEntry } from '../../src/core/domain/monthly-return.ts';
import type { Period } from '../../src/core/domain/period.ts';

/** The month the samples are in. */
export const samplePeriod = '2026-10' as Period;

/** One Salesforce meeting as a return lists it: Northwind's October QBR, 4 client people for 2 h. */
export const qbrMeeting: ReturnMeetingEntry = {
  sfEventId: '00U000000000001AAA',
  date: '2026-10-06',
  subject: 'QBR',
  minutes: 120,
  clientAttendees: 4,
  ourAttendees: 2,
  faceToFace: true,
  clientNames: [],
};

/** Dana's submitted October return for Northwind (8 client man-hours, stage 4 with a joint plan), changed by `over`. */
export const submittedReturn = (over: Partial<MonthlyReturn> = {}): MonthlyReturn => ({
  period: samplePeriod,
  accountId: '001000000000001AAA',
  amSfUserId: '005000000000001AAA',
  status: 'submitted',
  meetings: [qbrMeeting],
  noMeetings: false,
  keyActivities: [{ title: 'Joint plan signed', type: 'milestone', date: '2026-10-14' }],
  ballWith: 'client',
  riskFlags: ['price_pressure'],
  nextStep: 'Send the renewal proposal',
  stage: 4,
  jointPlan: true,
  sharedMeasures: false,
  clientManHours: 8,
  ourManHours: 4,
  submittedBy: '29:dana',
  submittedAt: new Date('2026-11-03T09:12:00Z'),
  peopleMet: null,
  salesforceAtSave: null,
  ...over,
});
