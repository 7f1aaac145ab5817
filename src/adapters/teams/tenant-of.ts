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
