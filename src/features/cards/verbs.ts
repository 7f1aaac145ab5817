/** The Action.Execute verbs of the monthly check-in: one constant for the card that emits it and the route that handles it. */
export const VERBS = {
  listReturns: 'return.list',
  openReturn: 'return.open',
  saveReturn: 'return.save',
  logMeeting: 'meeting.log',
  linkChannel: 'channel.link',
  linkShared: 'channel.link-shared',
  viewRating: 'rating.view',
  saveRating: 'rating.save',
  openActionForm: 'action.form',
  saveAction: 'action.save',
} as const;
