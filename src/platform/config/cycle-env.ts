import { z } from 'zod';
import type { CycleCalendar } from '../../core/domain/cycle-calendar.ts';
import { isTimeZone } from '../../core/domain/local-time.ts';
import type { FixTexts, ReportProblem } from './config-error.ts';
import { optional, withDefault } from './env-values.ts';

/** The organisation's time zone and the monthly cycle's calendar. */
export const cycleEnv = {
  ORG_TIME_ZONE: withDefault(z.string().refine(isTimeZone, 'must be an IANA time zone'), 'UTC'),
  CYCLE_OPEN_DAY: withDefault(z.coerce.number().int().min(1).max(20), 1),
  CYCLE_REMIND_DAYS: withDefault(
    z
      .string()
      .transform((s) => s.split(',').map((d) => Number(d.trim())))
      .pipe(z.tuple([z.number().int().min(1).max(22), z.number().int().min(1).max(22)])),
    '4,7',
  ),
  CYCLE_CLOSE_DAY: withDefault(z.coerce.number().int().min(1).max(23), 10),
  CYCLE_LOCAL_HOUR: withDefault(z.coerce.number().int().min(0).max(23), 9),
  /** Unset: `auto` with a Salesforce org, `manual` with the demo org (see `readConfig`). */
  CYCLE_SCHEDULE: optional(z.enum(['auto', 'manual'])),
};

/** The fix for each cycle setting. */
export const cycleFixes: FixTexts = {
  ORG_TIME_ZONE:
    'use an IANA time zone such as Europe/London (the month closes at 9:00 there; account managers get prompts in their own zone)',
  CYCLE_OPEN_DAY: 'use the business day of the month (1-20) when account managers are asked, e.g. 1',
  CYCLE_REMIND_DAYS: 'use two business days for the reminders, comma-separated and after the open day, e.g. 4,7',
  CYCLE_CLOSE_DAY: 'use the business day the month closes, after the reminders, e.g. 10',
  CYCLE_LOCAL_HOUR: 'use the local hour (0-23) at which messages go out, e.g. 9',
  CYCLE_SCHEDULE:
    'use auto (the server opens, reminds and closes each month on the calendar) or manual (only `npm run cycle` does); ' +
    'unset, it is auto with a Salesforce org and manual with the demo org',
};

/** When and where the monthly cycle runs. */
export interface CycleSettings {
  /** The organisation's time zone: the month closes on its calendar. */
  orgTimeZone: string;
  /** When the monthly cycle's steps happen. */
  calendar: CycleCalendar;
  /** `auto`: the server runs the cycle's steps on the calendar; `manual`: only `npm run cycle` does. */
  cycleSchedule: 'auto' | 'manual';
}

type CycleEnv = z.infer<z.ZodObject<typeof cycleEnv>>;

/** The cycle settings; the reminders must fall between the open and close days, in order. */
export function readCycleSettings(
  v: CycleEnv,
  env: Readonly<Record<string, string | undefined>>,
  report: ReportProblem,
  { demoOrg }: { demoOrg: boolean },
): CycleSettings {
  const [remind1, remind2] = v.CYCLE_REMIND_DAYS;
  if (!(v.CYCLE_OPEN_DAY < remind1 && remind1 < remind2 && remind2 < v.CYCLE_CLOSE_DAY)) {
    report(
      'CYCLE_REMIND_DAYS',
      `must fall after CYCLE_OPEN_DAY (${v.CYCLE_OPEN_DAY}) and before CYCLE_CLOSE_DAY (${v.CYCLE_CLOSE_DAY}), in order`,
      env.CYCLE_REMIND_DAYS,
    );
  }
  return {
    orgTimeZone: v.ORG_TIME_ZONE,
    // The demo org's months are not real: unless asked, only `npm run cycle` moves them (the README's walkthrough).
    cycleSchedule: v.CYCLE_SCHEDULE ?? (demoOrg ? 'manual' : 'auto'),
    calendar: {
      openBusinessDay: v.CYCLE_OPEN_DAY,
      remindBusinessDays: [remind1, remind2],
      closeBusinessDay: v.CYCLE_CLOSE_DAY,
      localHour: v.CYCLE_LOCAL_HOUR,
    },
  };
}
