import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { BotServices } from '../bot-services.ts';
import { accountManagerFor, CheckinRefusal, formCard, listCard, saveReturn } from '../../cycle/checkin.ts';
import { parsePeriod, type Period } from '../../domain/period.ts';
import { submissionKey } from '../../cycle/parse-return-submission.ts';

const listData = z.object({ period: z.string() });

function periodFrom(value: string): Period {
  const p = parsePeriod(value);
  if (!p) throw new CheckinRefusal('This card is out of date. Type status to see this month.');
  return p;
}

function keyFrom(data: Record<string, unknown>) {
  const parsed = submissionKey.safeParse(data);
  if (!parsed.success) throw new CheckinRefusal('This card is out of date. Type status to see this month.');
  return { period: periodFrom(parsed.data.period), accountId: parsed.data.accountId };
}

/** `return.list`: back to the list of my key accounts for the period. */
export async function showReturnList(context: TurnContext, services: BotServices, data: Record<string, unknown>) {
  const parsed = listData.safeParse(data);
  const me = await accountManagerFor(services.checkin, context.activity.from.id);
  return listCard(services.checkin, periodFrom(parsed.success ? parsed.data.period : ''), me);
}

/** `return.open`: the form for one account (read-only once the month is closed). */
export async function openReturn(context: TurnContext, services: BotServices, data: Record<string, unknown>) {
  const { period, accountId } = keyFrom(data);
  const me = await accountManagerFor(services.checkin, context.activity.from.id);
  return formCard(services.checkin, period, me, accountId);
}

/** `return.save`: validate on the server, save, and show the saved return with the live figure. */
export async function submitReturn(context: TurnContext, services: BotServices, data: Record<string, unknown>) {
  const { period, accountId } = keyFrom(data);
  const me = await accountManagerFor(services.checkin, context.activity.from.id);
  return saveReturn(services.checkin, period, me, accountId, data, context.activity.from.id);
}
