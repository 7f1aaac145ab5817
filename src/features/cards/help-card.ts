import { cardAttachment } from './render-card.ts';

/** One command as the help card lists it. */
export interface CommandHelp {
  name: string;
  description: string;
  /** Answered only in the 1:1 chat (it shows the person's own accounts): left out of channel command menus. */
  personalOnly?: boolean;
  /** Answered only in a team channel (it is about the channel's link): left out of the 1:1 chat's menu. */
  channelOnly?: boolean;
  /**
   * Left out of the app's command menus (Teams takes at most 12 commands a list), still answered and listed by help:
   * for what a person rarely types.
   */
  notInMenu?: boolean;
}

/** The view model of `cards/help.json`. */
interface HelpCardView {
  title: string;
  summary: string;
  duties: string[];
  commands: CommandHelp[];
  footnote: string;
}

/** Explains what the bot does; the command list comes from the routes, so it cannot drift from them. */
export function helpCard(commands: readonly CommandHelp[]) {
  const view: HelpCardView = {
    title: 'Partnership Pulse',
    summary:
      'I help your team see whether each key-account relationship is really developing, using the hours ' +
      "the client's people invest with us, the key activities, and what both sides rate as most important.",
    duties: [
      'Each month I ask account managers, in this chat, about last month for each key account they own in Salesforce.',
      "After the month closes I post a scorecard to each account's internal channel.",
      'Client and account teams rate what matters most in the shared channel; I show priorities and the perception gap.',
    ],
    commands: [...commands],
    footnote: 'Type a command in this chat, or @mention me in a channel.',
  };
  return cardAttachment('help', view);
}

/**
 * The help in the channel shared with the client: what the client's people do there and the commands they may use,
 * nothing internal. Asked by one of ours, it also says where the account team finds its other commands.
 */
export function sharedChannelHelpCard(commands: readonly CommandHelp[], askerIsOurs: boolean) {
  const view: HelpCardView = {
    title: 'Partnership Pulse',
    summary:
      'In this channel you tell us how we work with you: what matters most to you, how well we do it, and what ' +
      'irritates you. Both sides see what we do about it.',
    duties: [
      "When a rating round is open, I post its rating card here. Your answers are anonymous: no one's name " +
        'is ever shown, scores only as averages of several people, and comments without names.',
      'When a round closes, I post the joint scorecard here: your ratings, the priorities for action and the irritants being fixed.',
    ],
    commands: [...commands],
    footnote: `Type a command with an @mention of me in this channel.${
      askerIsOurs
        ? " Account team: type help in our chat or in the account's internal channel to see all commands."
        : ''
    }`,
  };
  return cardAttachment('help', view);
}
