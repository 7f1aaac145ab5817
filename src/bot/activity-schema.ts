import { z } from 'zod';

/**
 * The part of an incoming Bot Framework activity we rely on before any handler runs. Anything else passes
 * through untouched; a body without these fields is a 400, not a crash.
 */
export const incomingActivitySchema = z
  .object({
    type: z.string().min(1, 'activity.type is required'),
    id: z.string().optional(),
    channelId: z.string().min(1, 'activity.channelId is required'),
    serviceUrl: z.string().url('activity.serviceUrl must be a URL'),
    conversation: z.object({ id: z.string().min(1), tenantId: z.string().optional() }).loose(),
    from: z.object({ id: z.string().min(1) }).loose(),
    recipient: z.object({ id: z.string().min(1) }).loose(),
    channelData: z
      .object({ tenant: z.object({ id: z.string() }).loose().optional() })
      .loose()
      .optional(),
  })
  .loose();

/** A validated incoming activity. */
export type IncomingActivity = z.infer<typeof incomingActivitySchema>;

/**
 * The Entra tenant an activity comes from: Teams puts it in channelData.tenant.id and conversation.tenantId. The
 * one place that reads it, for incoming activities and for the turn of a proactive send alike.
 */
export function tenantOf(activity: {
  channelData?: unknown;
  conversation?: { tenantId?: string | undefined };
}): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return (typeof fromChannelData === 'string' ? fromChannelData : undefined) ?? activity.conversation?.tenantId;
}
