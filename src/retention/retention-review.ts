import type { AgencyType } from '../agencies/agency.entity';
import { RetentionClass, retentionClassFor, reviewDate } from './records-management';

/** One entry as the review looks at it: whose, from which agency, what type, when. */
export interface ReviewEntry {
  entryId: string;
  childId: string;
  childDateOfBirth: string;
  agencyId: string;
  agencyType: AgencyType;
  eventType: string;
  eventDate: string;
}

export interface StandingHold {
  id: string;
  scope: 'child' | 'agency' | 'all';
  childId: string | null;
  agencyId: string | null;
}

/** A child's records in one class: when they reach review, and what stands in the way of destroying them. */
export interface ReviewRecord {
  childId: string;
  retentionClass: string;
  /** The date the class's rules give, or the latest date the DPO extended it to. */
  reviewDate: string;
  entryIds: string[];
  lastEventDate: string;
  /** Standing legal holds covering any of the entries: destruction is blocked while any stands. */
  heldBy: string[];
}

/**
 * The children's records, grouped by child and retention class, each with its review date: the
 * class's rules, unless the data protection officer extended it later. A pure function: the caller
 * reads the entries, extensions and holds, and says what today is (the injectable clock).
 */
export function reviewRecords(
  entries: ReviewEntry[],
  classes: RetentionClass[],
  extensions: { childId: string; retentionClass: string; extendedTo: string }[],
  holds: StandingHold[],
): ReviewRecord[] {
  const groups = new Map<string, { childId: string; dob: string; retentionClass: RetentionClass; entries: ReviewEntry[] }>();
  for (const entry of entries) {
    const retentionClass = retentionClassFor(classes, entry);
    const key = `${entry.childId}|${retentionClass.id}`;
    const group = groups.get(key) ?? { childId: entry.childId, dob: entry.childDateOfBirth, retentionClass, entries: [] };
    group.entries.push(entry);
    groups.set(key, group);
  }
  const extendedTo = new Map<string, string>();
  for (const extension of extensions) {
    const key = `${extension.childId}|${extension.retentionClass}`;
    if ((extendedTo.get(key) ?? '') < extension.extendedTo) extendedTo.set(key, extension.extendedTo);
  }
  return [...groups.entries()]
    .map(([key, group]) => {
      const lastEventDate = group.entries.reduce((latest, entry) => (entry.eventDate > latest ? entry.eventDate : latest), '');
      const byRule = reviewDate(group.retentionClass, { childDateOfBirth: group.dob, lastEventDate });
      const extended = extendedTo.get(key);
      const heldBy = holds
        .filter((hold) => hold.scope === 'all' || hold.childId === group.childId || group.entries.some((entry) => entry.agencyId === hold.agencyId))
        .map((hold) => hold.id);
      return {
        childId: group.childId,
        retentionClass: group.retentionClass.id,
        reviewDate: extended && extended > byRule ? extended : byRule,
        entryIds: group.entries.map((entry) => entry.entryId).sort(),
        lastEventDate,
        heldBy,
      };
    })
    .sort((a, b) => a.reviewDate.localeCompare(b.reviewDate) || a.childId.localeCompare(b.childId) || a.retentionClass.localeCompare(b.retentionClass));
}

/** Those that have reached review by `today`. */
export function dueForReview(records: ReviewRecord[], today: string): ReviewRecord[] {
  return records.filter((record) => record.reviewDate <= today);
}
