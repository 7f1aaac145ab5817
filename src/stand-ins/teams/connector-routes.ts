import type { Conversation, Member, TeamsState } from './teams-state.ts';

/** The Bot Connector operations the stand-in implements. */
export type Op =
  | 'create'
  | 'send'
  | 'reply'
  | 'update'
  | 'delete'
  | 'members'
  | 'member'
  | 'pagedMembers'
  | 'team'
  | 'channels';

/** One call the stand-in accepted and acted on. */
export interface Recorded {
  op: Op;
  conversationId: string;
  activityId: string;
  activity: Record<string, unknown>;
  at: number;
}

/** HTTP answer of a route. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What the routes act on: the stand-in's state and its record of accepted calls (the stand-in itself). */
interface ConnectorSurface {
  readonly state: TeamsState;
  readonly received: Recorded[];
  /** The stand-in's clock (injected: a test pins it), for when each activity arrived. */
  now(): number;
}

type Params = Record<string, string>;
type Handler = (s: ConnectorSurface, params: Params, body: Record<string, unknown>, url: URL) => Reply | Promise<Reply>;

/** Teams' 100 KB message limit (the bot should keep cards under 80 KB). */
const MAX_ACTIVITY_BYTES = 100 * 1024;

const error = (status: number, code: string, message: string): Reply => ({
  status,
  body: { error: { code, message } },
});

function account(m: Member) {
  return {
    id: m.id,
    name: m.name,
    aadObjectId: m.aadObjectId,
    email: m.email,
    userPrincipalName: m.userPrincipalName,
    tenantId: m.tenantId,
    userRole: m.userRole,
    givenName: m.name.split(' ')[0],
    surname: m.name.split(' ').slice(1).join(' '),
  };
}

function writeCheck(
  s: ConnectorSurface,
  c: Conversation | undefined,
  activity: Record<string, unknown>,
): Reply | undefined {
  if (!c) return error(404, 'ConversationNotFound', 'Conversation not found.');
  if (c.type === 'personal' && c.memberIds.some((id) => s.state.blockedBy.has(id))) {
    return error(403, 'MessageWritesBlocked', 'The user has blocked the bot.');
  }
  if (Buffer.byteLength(JSON.stringify(activity)) > MAX_ACTIVITY_BYTES) {
    return error(413, 'MessageSizeTooBig', 'Activity exceeds the 100 KB size limit.');
  }
  return undefined;
}

function store(
  s: ConnectorSurface,
  op: Recordable,
  c: Conversation,
  activity: Record<string, unknown>,
  activityId?: string,
): string {
  const id = activityId ?? s.state.nextId('1');
  const full = { ...activity, id, conversation: { id: c.id } };
  c.activities.set(id, full);
  s.received.push({ op, conversationId: c.id, activityId: id, activity: full, at: s.now() });
  return id;
}

type Recordable = 'create' | 'send' | 'reply' | 'update' | 'delete';

const createConversation: Handler = (s, _p, body) => {
  const tenantId =
    (body.tenantId as string | undefined) ?? (body.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  const channelId = (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
  const activity = body.activity as Record<string, unknown> | undefined;
  if (channelId) {
    // A new thread in a channel: Teams answers with the thread id `<channel>;messageid=<activity id>`.
    const channel = s.state.conversation(channelId);
    const refused = writeCheck(s, channel, activity ?? {});
    if (refused) return refused;
    const activityId = s.state.nextId('1');
    if (activity) store(s, 'create', channel!, activity, activityId);
    return { status: 201, body: { id: `${channelId};messageid=${activityId}`, activityId } };
  }
  const members = (body.members as { id?: string }[] | undefined) ?? [];
  if (body.isGroup || members.length !== 1 || !members[0]?.id) {
    return error(400, 'BadArgument', 'A 1:1 conversation needs isGroup false and exactly one member with an id.');
  }
  if ((members[0] as Record<string, unknown>).aadObjectId !== undefined) {
    return error(
      400,
      'BadArgument',
      'members[].aadObjectId is not accepted; pass the Entra object id as members[].id.',
    );
  }
  const member = s.state.findMember(members[0].id);
  if (!member) return error(404, 'NotFound', 'User not found.');
  if (tenantId && tenantId !== member.tenantId)
    return error(403, 'Forbidden', 'Cross-tenant 1:1 conversations are not allowed.');
  if (!s.state.installedFor.has(member.id)) {
    return error(403, 'Forbidden', 'The bot is not installed for this user (install the app for the user first).');
  }
  const c = s.state.personalConversation(member);
  if (activity) {
    const refused = writeCheck(s, c, activity);
    if (refused) return refused;
    const activityId = store(s, 'create', c, activity);
    return { status: 201, body: { id: c.id, activityId } };
  }
  return { status: 201, body: { id: c.id } };
};

const send =
  (op: 'send' | 'reply'): Handler =>
  (s, p, body) => {
    const c = s.state.conversation(p.conversationId!);
    const refused = writeCheck(s, c, body);
    if (refused) return refused;
    return { status: 201, body: { id: store(s, op, c!, body) } };
  };

const update: Handler = (s, p, body) => {
  const c = s.state.conversation(p.conversationId!);
  const refused = writeCheck(s, c, body);
  if (refused) return refused;
  if (!c!.activities.has(p.activityId!)) return error(404, 'NotFound', 'Activity not found.');
  store(s, 'update', c!, body, p.activityId);
  return { status: 200, body: { id: p.activityId } };
};

const remove: Handler = (s, p) => {
  const c = s.state.conversation(p.conversationId!);
  if (!c?.activities.has(p.activityId!)) return error(404, 'NotFound', 'Activity not found.');
  c.activities.delete(p.activityId!);
  s.received.push({ op: 'delete', conversationId: c.id, activityId: p.activityId!, activity: {}, at: s.now() });
  return { status: 200 };
};

function rosterOf(s: ConnectorSurface, conversationId: string): Member[] | undefined {
  const c = s.state.conversation(conversationId) ?? undefined;
  const team = s.state.teams.get(conversationId);
  const ids = c?.memberIds ?? team?.memberIds;
  return ids?.map((id) => s.state.members.get(id)).filter((m): m is Member => m !== undefined);
}

const members: Handler = (s, p) => {
  const roster = rosterOf(s, p.conversationId!);
  return roster
    ? { status: 200, body: roster.map(account) }
    : error(404, 'ConversationNotFound', 'Conversation not found.');
};

const member: Handler = (s, p) => {
  const roster = rosterOf(s, p.conversationId!);
  if (!roster) return error(404, 'ConversationNotFound', 'Conversation not found.');
  const m = roster.find((x) => x.id === p.memberId || x.aadObjectId === p.memberId);
  return m
    ? { status: 200, body: account(m) }
    : error(404, 'MemberNotFoundInConversation', 'The member is not in the conversation.');
};

const pagedMembers: Handler = (s, p, _b, url) => {
  const roster = rosterOf(s, p.conversationId!);
  if (!roster) return error(404, 'ConversationNotFound', 'Conversation not found.');
  const pageSize = Math.min(500, Math.max(1, Number(url.searchParams.get('pageSize') ?? 200)));
  const start = Number(url.searchParams.get('continuationToken') ?? 0);
  const page = roster.slice(start, start + pageSize);
  const next = start + pageSize < roster.length ? String(start + pageSize) : undefined;
  return { status: 200, body: { members: page.map(account), ...(next ? { continuationToken: next } : {}) } };
};

const team: Handler = (s, p) => {
  const t = s.state.teams.get(p.teamId!);
  return t
    ? {
        status: 200,
        body: {
          id: t.id,
          name: t.name,
          aadGroupId: t.aadGroupId,
          tenantId: t.tenantId,
          memberCount: t.memberIds.length,
          channelCount: t.channelIds.length,
        },
      }
    : error(404, 'NotFound', 'Team not found.');
};

const channels: Handler = (s, p) => {
  const t = s.state.teams.get(p.teamId!);
  if (!t) return error(404, 'NotFound', 'Team not found.');
  return {
    status: 200,
    body: { conversations: t.channelIds.map((id) => ({ id, name: id === t.id ? undefined : id })) },
  };
};

const table: [string, string, Op, Handler][] = [
  ['POST', '/v3/conversations', 'create', createConversation],
  ['POST', '/v3/conversations/:conversationId/activities', 'send', send('send')],
  ['POST', '/v3/conversations/:conversationId/activities/:activityId', 'reply', send('reply')],
  ['PUT', '/v3/conversations/:conversationId/activities/:activityId', 'update', update],
  ['DELETE', '/v3/conversations/:conversationId/activities/:activityId', 'delete', remove],
  ['GET', '/v3/conversations/:conversationId/members', 'members', members],
  ['GET', '/v3/conversations/:conversationId/members/:memberId', 'member', member],
  ['GET', '/v3/conversations/:conversationId/pagedmembers', 'pagedMembers', pagedMembers],
  ['GET', '/v3/teams/:teamId', 'team', team],
  ['GET', '/v3/teams/:teamId/conversations', 'channels', channels],
];

/** The Bot Connector REST routes, matched on decoded path segments (conversation ids contain ':' and ';'). */
export const connectorRoutes = {
  match(method: string, path: string): { op: Op; params: Params; handler: Handler } | undefined {
    const segments = path.split('/').filter(Boolean);
    for (const [m, pattern, op, handler] of table) {
      if (m !== method) continue;
      const parts = pattern.split('/').filter(Boolean);
      if (parts.length !== segments.length) continue;
      const params: Params = {};
      const ok = parts.every((part, i) => {
        if (part.startsWith(':')) {
          params[part.slice(1)] = decodeURIComponent(segments[i]!);
          return true;
        }
        return part === segments[i];
      });
      if (ok) return { op, params, handler };
    }
    return undefined;
  },
};
