import { z } from 'zod';
import type { ScoringSettings } from '../../core/scoring/settings.ts';
import { type BotSettings, botEnv, botFixes, readBotSettings } from './bot-env.ts';
import { ConfigError, describeProblem, type FixTexts } from './config-error.ts';
import { type CycleSettings, cycleEnv, cycleFixes, readCycleSettings } from './cycle-env.ts';
import { type HttpSettings, httpFixes, listenEnv, operationsEnv, readHttpSettings } from './http-env.ts';
import { readSalesforceSettings, type SalesforceSettings, salesforceEnv, salesforceFixes } from './salesforce-env.ts';
import { readScoringSettings, scoringEnv, scoringFixes } from './scoring-env.ts';
import { type CalendarSettings, graphEnv, graphFixes, readCalendarSettings } from './graph-env.ts';
import { readTabSettings, type TabSettings, tabEnv, tabFixes } from './tab-env.ts';

export type { BotIdentity } from './bot-env.ts';
export { ConfigError } from './config-error.ts';
export { isLoopbackHost } from './http-env.ts';
export type { SalesforceSettings } from './salesforce-env.ts';

/** Every variable, by concern; the order is the order problems are listed in. */
const rawSchema = z.object({
  ...listenEnv,
  ...botEnv,
  ...operationsEnv,
  ...salesforceEnv,
  ...cycleEnv,
  ...scoringEnv,
  ...tabEnv,
  ...graphEnv,
});

const fixes: FixTexts = {
  ...httpFixes,
  ...botFixes,
  ...salesforceFixes,
  ...cycleFixes,
  ...scoringFixes,
  ...tabFixes,
  ...graphFixes,
};

/** The validated settings of one process; the composition root is the only reader of the environment. */
export interface Config extends HttpSettings, BotSettings, CycleSettings, TabSettings {
  salesforce: SalesforceSettings;
  /** Scoring settings: asset value economics, whether video calls count, the support-case spike rule (DOMAIN.md, measures 1, 4, 7). */
  scoringSettings: ScoringSettings;
  /** Where account managers' calendars are read from (issue 26): Graph, the demo's, or nowhere. */
  calendars: CalendarSettings;
}

/** Parses and cross-checks the settings; throws ConfigError listing every problem at once. */
export function readConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = rawSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment');
        return describeProblem(fixes, variable, issue.message, env[variable]);
      }),
    );
  }
  const v = parsed.data;
  const problems: string[] = [];
  const report = (variable: string, message: string, value?: unknown) =>
    problems.push(describeProblem(fixes, variable, message, value));
  const bot = readBotSettings(v, report);
  const salesforce = readSalesforceSettings(v, env, report);
  const cycle = readCycleSettings(v, env, report, { demoOrg: !salesforce.connection });
  const tab = readTabSettings(v, report);
  const calendars = readCalendarSettings(v, report, !salesforce.connection);
  if (problems.length) throw new ConfigError(problems);
  return {
    ...readHttpSettings(v),
    ...bot,
    ...cycle,
    ...tab,
    salesforce,
    calendars,
    scoringSettings: readScoringSettings(v),
  };
}
