import type { Logger } from '../log/logger.ts';
import type { InstallationsStore } from '../store/installations-store.ts';
import type { UsersStore } from '../store/users-store.ts';
import type { CommandHelp } from '../cards/help-card.ts';
import type { CheckinDeps } from '../cycle/checkin.ts';

/** What handlers may use; the composition root builds it, tests pass their own stores. */
export interface BotServices {
  log: Logger;
  users: UsersStore;
  installations: InstallationsStore;
  /** The monthly check-in's dependencies. */
  checkin: CheckinDeps;
  /** Customer asset value settings for scorecards. */
  economics: { marginRate: number; discountRate: number; years: 3 | 5 };
  /** The commands the routes declare, for help texts. */
  commands(): readonly CommandHelp[];
}
