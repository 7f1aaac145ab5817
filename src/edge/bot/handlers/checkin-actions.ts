import type { Turn } from '../turn.ts';
import { z } from 'zod';
import type { BotServices } from '../bot-services.ts';
import { parsePeriod, type Period } from '../../../core/domain/period.ts';
import { submissionKey } from '../../../features/cycle/parse-return-submission.ts';
import { PulseError } from '../../../core/pulse-error.ts';

const listData = z.object({ period: z.string() });

const outOfDate = () => new PulseError('CARD_OUT_OF_DATE', 'This card is out of date. Type status to see this month.');

function periodFrom(value: string): Period {
  const p = parsePeriod(value);
  if (!p) throw outOfDate();
  return p;
}

function keyFrom(data: Record<string, unknown>) {
  const parsed = submissionKey.safeParse(data);
  if (!parsed.success) throw outOfDate();
  return { period: periodFrom(parsed.data.period), accountId: parsed.data.accountId };
}

/** `return.list`: back to the list of my key accounts for the period. */
export async function showReturnList(turn: Turn, services: BotServices, data: Record<string, unknown>) {
  const parsed = listData.safeParse(data);
  return services.checkin.list(turn.from.id, periodFrom(parsed.success ? parsed.data.period : ''));
}

/**
 * `return.open`: the form for one account (read-only once the month is closed); `take: 'salesforce'` fills in what
 * Salesforce changed since the return was saved.
 */
export async function openReturn(turn: Turn, services: BotServices, data: Record<string, unknown>) {
  const { period, accountId } = keyFrom(data);
  return services.checkin.open(turn.from.id, period, accountId, { take: data.take === 'salesforce' });
}

/** `return.save`: validate on the server, save, and show the saved return with the live figure. */
export async function submitReturn(turn: Turn, services: BotServices, data: Record<string, unknown>) {
  const { period, accountId } = keyFrom(data);
  return services.checkin.save(turn.from.id, period, accountId, data);
}
