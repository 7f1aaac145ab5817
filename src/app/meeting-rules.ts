import type { MeetingRules } from '../core/domain/count-meeting.ts';
import type { SalesforceSettings } from '../platform/config/config.ts';

/** How the organisation counts a meeting, from its settings: the same for Salesforce's meetings and calendars'. */
export const meetingRulesOf = (s: SalesforceSettings): MeetingRules => ({
  faceToFaceTypes: s.faceToFaceTypes,
  blankTypeFaceToFace: s.blankTypeFaceToFace,
  hoursPerDay: s.meetingHoursPerDay,
  videoCallTypes: s.videoCallTypes,
});
