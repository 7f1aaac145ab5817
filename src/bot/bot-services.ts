import type { Logger } from '../log/logger.ts';
import type { InstallationsStore } from '../store/installations-store.ts';
import type { UsersStore } from '../store/users-store.ts';
import type { CommandHelp } from '../cards/help-card.ts';
import type { CheckinDeps } from '../cycle/checkin.ts';
import type { ScoringSettings } from '../scoring/settings.ts';

/** What handlers may use; the composition root builds it, tests pass their own stores. */
export interface BotServices {
  log: Logger;
  users: UsersStore;
  installations: InstallationsStore;
  /** The monthly check-in's dependencies. */
  checkin: CheckinDeps;
  /** Scoring settings for scorecards (asset value economics, video calls, case-spike rule). */
  scoringSettings: ScoringSettings;
  /** The commands the routes declare, for help texts. */
  commands(): readonly CommandHelp[];
}
