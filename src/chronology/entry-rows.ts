import { isoTimestampSql } from '../common/sql-format';

/**
 * The SELECT lists for reading entries; `v` is whichever version is wanted (current or historic).
 * Raw SQL keeps the merged chronology to a single indexed join with no ORM hydration cost.
 * Timestamps come formatted by the database, not parsed into a Date and back.
 */

/** What a withheld-entry marker may show, plus what access decisions look at: never case content. */
const IDENTITY_COLUMNS = `
  e.id AS "id", e.child_id AS "childId", e.status AS "status", e.current_version AS "currentVersion", ${isoTimestampSql('e.recorded_at')} AS "recordedAt",
  v.version_number AS "versionNumber", v.sensitivity AS "sensitivity", v.event_date AS "eventDate", v.date_precision AS "datePrecision",
  a.id AS "agencyId", a.code AS "agencyCode", a.name AS "agencyName", a.type AS "agencyType", a.contact AS "agencyContact"`;

const CONTENT_COLUMNS: [sql: string, alias: string][] = [
  ['v.change', 'change'],
  ['v.change_reason', 'changeReason'],
  [isoTimestampSql('v.changed_at'), 'changedAt'],
  ['cb.name', 'changedByName'],
  ['cba.name', 'changedByAgencyName'],
  ['au.id', 'authorId'],
  ['au.name', 'authorName'],
  ['au.job_title', 'authorJobTitle'],
  ['au.role', 'authorRole'],
  ['v.event_end_date', 'eventEndDate'],
  ['v.event_time', 'eventTime'],
  ['v.event_type', 'eventType'],
  // As text: splitting a short list of closed-vocabulary words is cheaper than parsing an array literal.
  ["array_to_string(v.wellbeing_indicators, ',')", 'wellbeingIndicators'],
  ['v.summary', 'summary'],
  ['v.detail', 'detail'],
  ['v.significant', 'significant'],
  ['v.nature', 'nature'],
  ['v.impact_on_child', 'impactOnChild'],
  ['v.action_taken', 'actionTaken'],
  ['v.no_action_reason', 'noActionReason'],
  ['v.outcome', 'outcome'],
  ['v.professional_analysis', 'professionalAnalysis'],
  ['v.child_view', 'childView'],
  ['v.information_source', 'informationSource'],
  ['v.source_reference', 'sourceReference'],
  ['v.lawful_basis', 'lawfulBasis'],
  ['v.names_third_parties', 'namesThirdParties'],
];

/**
 * Identity columns, and content columns only where `readableGuard` (a SQL boolean) holds: the
 * content of an entry the caller may not read is never fetched from the database.
 */
export function entryRowSelect(readableGuard?: string): string {
  const content = CONTENT_COLUMNS.map(([sql, alias]) => `${readableGuard ? `CASE WHEN ${readableGuard} THEN ${sql} END` : sql} AS "${alias}"`);
  return `${IDENTITY_COLUMNS}, ${content.join(', ')}`;
}

export const ENTRY_ROW_JOINS = `
  JOIN agencies a ON a.id = e.source_agency_id
  JOIN practitioners au ON au.id = e.author_id
  JOIN practitioners cb ON cb.id = v.changed_by_id
  JOIN agencies cba ON cba.id = cb.agency_id`;

/** Whether the entry was shared with the caller's agency by a recorded decision: `$<agencyParameter>` is the agency id. */
export function sharedWithAgencySql(agencyParameter: string): string {
  return `EXISTS (SELECT 1 FROM sharing_decisions sd WHERE sd.entry_id = e.id AND sd.recipient_agency_id = ${agencyParameter} AND sd.decision = 'shared')`;
}

export const CHRONOLOGY_ORDER = `v.event_date ASC, v.event_time ASC NULLS FIRST, e.recorded_at ASC, e.id ASC`;
