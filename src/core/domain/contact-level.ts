/** The three levels of client contact the breadth measure counts (DOMAIN.md, measure 2). */
export type ContactLevel = 'executive' | 'management' | 'operational';

const EXECUTIVE =
  /\b(chief|ceo|cfo|coo|cto|cio|cpo|president|vp|vice[- ]president|managing director|owner|founder|board|partner|general manager|evp|svp)\b/i;
const MANAGEMENT = /\b(head|director|manager|lead|leader|supervisor|principal)\b/i;

/** The level a job title implies, when the org has no level field: executive, then management, else operational. */
function levelFromTitle(title: string | null): ContactLevel | null {
  if (!title?.trim()) return null;
  if (EXECUTIVE.test(title)) return 'executive';
  if (MANAGEMENT.test(title)) return 'management';
  return 'operational';
}

/** A level field's value (e.g. the picklist "Executive") read as a level; unknown values fall back to the title. */
export function contactLevel(fieldValue: unknown, title: string | null): ContactLevel | null {
  const v = typeof fieldValue === 'string' ? fieldValue.trim().toLowerCase() : '';
  if (v === 'executive' || v === 'management' || v === 'operational') return v;
  return levelFromTitle(title);
}
