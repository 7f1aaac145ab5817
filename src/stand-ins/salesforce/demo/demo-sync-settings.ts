import type { SalesforceSettings } from '../../../platform/config/config.ts';

/**
 * How to read the demo org (and the stand-in orgs built from it): its key-account flag, its Event Types, the
 * defaults otherwise, and no sync schedule (the caller syncs when it wants). Only the connection is left to add.
 */
export const demoSyncSettings: Omit<SalesforceSettings, 'connection'> = {
  apiVersion: '62.0',
  keyAccountFilter: 'Key_Account__c = true',
  contactLevelField: undefined,
  faceToFaceTypes: ['Meeting'],
  blankTypeFaceToFace: true,
  meetingHoursPerDay: 8,
  videoCallTypes: ['Video Call'],
  syncIntervalMinutes: 0,
  syncMonths: 13,
};
