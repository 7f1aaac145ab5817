import { randomBytes } from 'node:crypto';
/** A Teams user as the roster APIs return them (TeamsChannelAccount). */
export interface Member {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
  userPrincipalName: string;
  tenantId: string;
  userRole: 'user' | 'guest' | 'anonymous';
}

/** A conversation the stand-in knows: a 1:1 chat, a channel (of a team) or a group chat. */
export interface Conversation {
  id: string;
  type: 'personal' | 'channel' | 'groupChat';
  tenantId: string;
  teamId?: string;
  memberIds: string[];
  activities: Map<string, Record<string, unknown>>;
}

/** A team with its channels; `shared` channels may hold members of other tenants. */
interface Team {
  id: string;
  name: string;
  aadGroupId: string;
  tenantId: string;
  memberIds: string[];
  channelIds: string[];
}

/** The directory and conversations behind the Bot Connector stand-in. */
export class TeamsState {
  readonly members = new Map<string, Member>();
  readonly conversations = new Map<string, Conversation>();
  readonly teams = new Map<string, Team>();
  /** Users who have the app installed in personal scope: only they can be messaged 1:1. */
  readonly installedFor = new Set<string>();
  /** Users who blocked the bot: writes to their chat get 403 MessageWritesBlocked. */
  readonly blockedBy = new Set<string>();
  private seq = 0;
  /** Makes this stand-in's ids unlike another run's (a bot keeps ids across restarts), without reading the clock. */
  private readonly run = randomBytes(4).toString('hex');

  nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}${this.run}${this.seq.toString(36).padStart(4, '0')}`;
  }

  /** Adds a user of any tenant; `installed` also installs the app for them (as an org-wide install would). */
  addMember(member: Member, options: { installed?: boolean } = {}): Member {
    this.members.set(member.id, member);
    if (options.installed) this.installedFor.add(member.id);
    return member;
  }

  findMember(idOrAadId: string): Member | undefined {
    return this.members.get(idOrAadId) ?? [...this.members.values()].find((m) => m.aadObjectId === idOrAadId);
  }

  /** The deterministic 1:1 conversation id of a user (Teams returns the same id every time). */
  personalConversationId(memberId: string): string {
    return `a:1personal-${memberId.replace(/[^a-zA-Z0-9-]/g, '')}`;
  }

  /** Opens (or returns) the 1:1 conversation with a user. */
  personalConversation(member: Member): Conversation {
    const id = this.personalConversationId(member.id);
    let c = this.conversations.get(id);
    if (!c) {
      c = { id, type: 'personal', tenantId: member.tenantId, memberIds: [member.id], activities: new Map() };
      this.conversations.set(id, c);
    }
    return c;
  }

  /** Adds a team whose General channel id is the team id, as in Teams. */
  addTeam(team: { id: string; name: string; tenantId: string; memberIds: string[] }): Team {
    const t: Team = { ...team, aadGroupId: `group-${team.id}`, channelIds: [team.id] };
    this.teams.set(t.id, t);
    this.conversations.set(t.id, {
      id: t.id,
      type: 'channel',
      tenantId: t.tenantId,
      teamId: t.id,
      memberIds: team.memberIds,
      activities: new Map(),
    });
    return t;
  }

  /** Adds a channel to a team; a shared channel lists its own members, possibly from other tenants. */
  addChannel(teamId: string, channel: { id: string; memberIds?: string[] }): Conversation {
    const team = this.teams.get(teamId);
    if (!team) throw new Error(`No team ${teamId}`);
    team.channelIds.push(channel.id);
    const c: Conversation = {
      id: channel.id,
      type: 'channel',
      tenantId: team.tenantId,
      teamId,
      memberIds: channel.memberIds ?? team.memberIds,
      activities: new Map(),
    };
    this.conversations.set(c.id, c);
    return c;
  }

  /** The conversation an id names; a channel thread id (`<channel>;messageid=<n>`) resolves to its channel. */
  conversation(id: string): Conversation | undefined {
    return this.conversations.get(id) ?? this.conversations.get(id.split(';')[0]!);
  }
}
