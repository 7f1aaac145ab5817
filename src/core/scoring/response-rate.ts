import { round1 } from '../domain/round1.ts';

/**
 * A rating round's response rate (issue 27, item 5): the client tenant's members who rated, of those the shared
 * channel had when the round closed. Counts only: which members rated is never shown.
 */
export interface ResponseRate {
  /** The day the round closed (YYYY-MM-DD, UTC, as a scorecard's rounds are dated). */
  closedOn: string;
  /** Client members who rated (any element, whether or not their element reached the anonymity threshold). */
  rated: number;
  /** Client members in the shared channel at the close, as read; null when that could not be read (a gap). */
  members: number | null;
  /**
   * `rated` of `members` as a percentage to one decimal, at most 100 (someone who rated and left before the close
   * still rated); null when `members` is unknown or zero.
   */
  percent: number | null;
}

/** How many people of one side rated in a round, from its answers (one person may answer many elements). Pure. */
export function ratersOn(answers: readonly { side: 'client' | 'internal'; raterKey: string }[], side: string): number {
  return new Set(answers.filter((a) => a.side === side).map((a) => a.raterKey)).size;
}

/** The response rate of one closed round, from its two counts. Pure. */
export function responseRate(closedOn: string, rated: number, members: number | null): ResponseRate {
  return {
    closedOn,
    rated,
    members,
    percent: members ? round1((Math.min(rated, members) / members) * 100) : null,
  };
}

/** The response rate as every surface says it. */
export function responseRateLine(r: ResponseRate | null): string {
  if (!r) return 'No rating round closed yet';
  if (r.members === 0) return `The shared channel had no client members when the round closed on ${r.closedOn}`;
  if (r.percent === null)
    return `${r.rated} client members rated in the round closed on ${r.closedOn} (how many the channel had was not read)`;
  return `${r.rated} of ${r.members} client members rated (${r.percent}%) in the round closed on ${r.closedOn}`;
}

/**
 * Several accounts' rounds added up, as the portfolio shows them: members who rated of members, over the rounds
 * whose member count is known. Pure.
 */
export function pooledResponseRate(rates: readonly (ResponseRate | null)[]): {
  rated: number;
  members: number;
  percent: number | null;
  rounds: number;
} {
  const known = rates.filter((r): r is ResponseRate & { members: number } => r !== null && r.members !== null);
  const rated = known.reduce((n, r) => n + Math.min(r.rated, r.members), 0);
  const members = known.reduce((n, r) => n + r.members, 0);
  return { rated, members, percent: members ? round1((rated / members) * 100) : null, rounds: known.length };
}
