import type { ChildAccess } from '../access/child-access';
import { EntryAccessSql, entryAccessSql } from '../access/entry-access-sql';
import { isoTimestampSql } from '../common/sql-format';
import { SqlParameters } from '../common/sql-parameters';
import type { ChronologyQuery } from './dto/chronology.query';

/**
 * Every statement that reads entries, assembled here and nowhere else: the merged chronology, one
 * entry, its history, and the building blocks a printed document's selection uses
 * (export/document-entries.ts). Raw SQL keeps the merged chronology to a single indexed join with
 * no ORM hydration cost; timestamps come formatted by the database. The statements as assembled for
 * one caller are in docs/sql/entries.sql (a test keeps it up to date).
 *
 * Aliases: `e` the entry, `v` the version wanted (current or historic), `cv` the current version
 * where both are wanted, `a` the source agency; the caller's access adds `s.shared` and `r.readable`,
 * `r.locatable`, `r.dated` (access/entry-access-sql.ts).
 */

export interface Statement {
  text: string;
  values: unknown[];
}

/** The chronology's filters, without paging. */
export type ChronologyFilters = Omit<ChronologyQuery, 'page' | 'pageSize'>;

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
  // The data subject's disputes of the entry (not of one version), oldest first; entry-projection.ts decides what of them a reader sees.
  [
    `(SELECT json_agg(json_build_object('id', d.id, 'words', d.words, 'capacity', d.capacity, 'recordedAt', ${isoTimestampSql('d.recorded_at')},
                                        'outcome', d.outcome, 'answerReason', d.answer_reason, 'answeredAt', ${isoTimestampSql('d.answered_at')}) ORDER BY d.recorded_at, d.id)
        FROM entry_disputes d WHERE d.entry_id = e.id)`,
    'disputes',
  ],
];

/** Identity columns, and content columns only where the caller may read the entry: withheld content is never fetched. */
const ACCESSED_COLUMNS = `${IDENTITY_COLUMNS},
  ${CONTENT_COLUMNS.map(([sql, alias]) => `CASE WHEN r.readable THEN ${sql} END AS "${alias}"`).join(',\n  ')},
  s.shared AS "sharedWithMyAgency", r.readable AS "readable", r.locatable AS "locatable", r.dated AS "dated"`;

/** The version an entry reads as now. */
export function currentVersionJoin(alias: 'v' | 'cv'): string {
  return `JOIN chronology_entry_versions ${alias} ON ${alias}.entry_id = e.id AND ${alias}.version_number = e.current_version`;
}

/** Who recorded the entry (`au`), and who made the version `v` (`cb`, of agency `cba`). */
const PEOPLE_JOINS = `
  JOIN practitioners au ON au.id = e.author_id
  JOIN practitioners cb ON cb.id = v.changed_by_id
  JOIN agencies cba ON cba.id = cb.agency_id`;

export const SOURCE_AGENCY_JOIN = `JOIN agencies a ON a.id = e.source_agency_id`;

/** The day, month or year an entry's date shows, to the precision recorded: all a withheld marker tells of when. */
const SHOWN_DATE = `CASE v.date_precision WHEN 'year' THEN date_trunc('year', v.event_date::timestamp)::date WHEN 'month' THEN date_trunc('month', v.event_date::timestamp)::date ELSE v.event_date END`;

/**
 * The one order of every chronology (the API's pages, web pages, printed documents), from nothing
 * a row does not show its reader, so that its position tells nothing withheld. Entries the reader
 * may read: by date, time (none first), when recorded, id. A withheld marker shows its date to the
 * precision recorded, and its agency, but not its time or when it was recorded: it sorts after the
 * entries the reader may read of its day (or month, or year), and among markers by agency, then id.
 */
export const CHRONOLOGY_ORDER = `${SHOWN_DATE} ASC, r.readable DESC, CASE WHEN r.readable THEN v.event_time END ASC NULLS FIRST, CASE WHEN r.readable THEN e.recorded_at END ASC, CASE WHEN NOT r.readable THEN a.name END ASC, e.id ASC`;

/** The access flags of an accessed read, for conditions written once for the read and the inline predicates alike. */
export const ACCESS_FLAGS = { readable: 'r.readable', locatable: 'r.locatable', dated: 'r.dated' } as const;

/**
 * Withheld whole, date included, yet the caller may know it exists: such an entry cannot be placed
 * in the date-ordered chronology, so it is counted per agency instead. The chronology's counts and
 * a printed document's notices both select by this condition, so they agree. `status` is the
 * entry's status at the time counted for: the entry's own now, or a version's change as of a time.
 */
export function undatedWithheldSql(flags: { readable: string; locatable: string; dated: string }, status = 'e.status'): string {
  return `${status} <> 'entered-in-error' AND NOT ${flags.readable} AND ${flags.locatable} AND NOT ${flags.dated}`;
}

/** A read of entries with the caller's access to each: its bind parameters, the access SQL, and the rows' columns. */
export interface AccessedRead {
  parameters: SqlParameters;
  access: EntryAccessSql;
  /** The columns of an AccessedEntryRow. */
  columns: string;
  /** From the entry and the version `v` to everything the columns and the access SQL use. */
  joins: string;
}

/**
 * Starts an accessed read. `deciding` names the versions whose sensitivity decides access: the one
 * read (`v`), or also the entry as it is now (`cv`), when the stricter of the two decides.
 */
export function accessedRead(access: ChildAccess, initialParameters: unknown[], deciding: ('v' | 'cv')[] = ['v']): AccessedRead {
  const parameters = new SqlParameters(initialParameters);
  const accessSql = entryAccessSql(access, parameters, {
    entryId: 'e.id',
    sourceAgencyId: 'e.source_agency_id',
    sourceAgencyType: 'a.type',
    sensitivity: deciding.map((alias) => `${alias}.sensitivity`),
  });
  return { parameters, access: accessSql, columns: ACCESSED_COLUMNS, joins: `${SOURCE_AGENCY_JOIN}${PEOPLE_JOINS}\n  ${accessSql.joins}` };
}

/**
 * Filters become SQL parameters, never string-spliced values. A filter on a field only matches
 * entries whose field the caller may read: filtering by event type must not reveal the type of a
 * withheld entry. Agency and date are shown by every item in the list, so they filter everything,
 * each by what it shows: a marker by its date to the precision recorded, not by its end date.
 * `status` is the entry's status as of the version read: the entry's own now, or a version's change.
 */
export function chronologyFilter(query: ChronologyFilters, read: AccessedRead, status = 'e.status'): string {
  const { parameters } = read;
  const clauses = ['e.child_id = $1', `(r.readable OR (r.dated AND ${status} <> 'entered-in-error'))`];
  if (!query.includeEnteredInError) clauses.push(`${status} <> 'entered-in-error'`);
  if (query.from) clauses.push(`COALESCE(CASE WHEN r.readable THEN v.event_end_date END, ${SHOWN_DATE}) >= ${parameters.add(query.from)}::date`);
  if (query.to) clauses.push(`${SHOWN_DATE} <= ${parameters.add(query.to)}::date`);
  if (query.agency?.length) clauses.push(`a.code = ANY(${parameters.add(query.agency)}::text[])`);
  if (query.eventType?.length) clauses.push(`(${read.access.canRead('eventType')} AND v.event_type = ANY(${parameters.add(query.eventType)}::text[]))`);
  if (query.wellbeingIndicator?.length) {
    clauses.push(`(${read.access.canRead('wellbeingIndicators')} AND v.wellbeing_indicators && ${parameters.add(query.wellbeingIndicator)}::text[])`);
  }
  if (query.significant !== undefined) clauses.push(`(${read.access.canRead('significant')} AND v.significant = ${parameters.add(query.significant)}::boolean)`);
  return clauses.join(' AND ');
}

/** One entry as it is now, with the caller's access to it. */
export function entryStatement(access: ChildAccess, entryId: string): Statement {
  const read = accessedRead(access, [entryId]);
  return {
    text: `SELECT ${read.columns}
         FROM chronology_entries e
         ${currentVersionJoin('v')}
         ${read.joins}
        WHERE e.id = $1`,
    values: read.parameters.values,
  };
}

/**
 * From this page size up a page is read in one pass over whole rows: such a page is most or all of a
 * usual chronology (a whole read is 2,000 a page, as are an import's outlines), so choosing it first
 * from narrow rows would be a second pass for nothing, and its count is needed only when the page
 * does not hold every row (docs/performance.md, section 12).
 */
const ONE_PASS_FROM_PAGE_SIZE = 1000;

/**
 * A page of the merged chronology, and the statement that counts every matching row. A page below
 * ONE_PASS_FROM_PAGE_SIZE carries that count on each row (`total`), and the count alone is then
 * needed only for a page past the end; a larger page holds one row past the page instead, which
 * tells whether a count is needed at all.
 *
 * A smaller page is chosen from narrow rows, the order's keys and the access flags, and only its
 * own entries are then read whole: the part that grows with the whole chronology (every matching
 * entry joined, ordered and counted) carries a few keys per entry, not every entry's text and
 * authors, which made a deep 100-entry page of a 20,000-entry chronology cost 2.3-2.7 times the raw
 * query for it. The count comes from the same pass, not a second scan.
 */
export function chronologyPageStatements(
  access: ChildAccess,
  filters: ChronologyFilters,
  page: number,
  pageSize: number,
): { page: Statement; count: Statement; countedOnEachRow: boolean } {
  const read = accessedRead(access, [access.childId]);
  const where = chronologyFilter(filters, read);
  const matching = `FROM chronology_entries e
         ${currentVersionJoin('v')}
         ${SOURCE_AGENCY_JOIN}
         ${read.access.joins}
        WHERE ${where}`;
  const count: Statement = { text: `SELECT count(*)::int AS total\n         ${matching}`, values: [...read.parameters.values] };
  if (pageSize >= ONE_PASS_FROM_PAGE_SIZE) {
    const text = `SELECT ${read.columns}
           FROM chronology_entries e
           ${currentVersionJoin('v')}
           ${read.joins}
          WHERE ${where}
          ORDER BY ${CHRONOLOGY_ORDER}
          LIMIT ${read.parameters.add(pageSize + 1)} OFFSET ${read.parameters.add((page - 1) * pageSize)}`;
    return { page: { text, values: read.parameters.values }, count, countedOnEachRow: false };
  }
  // Ranked by position, not LIMIT and OFFSET over the order: with those PostgreSQL 15 costs the count's window as if it could stop early, and
  // picks a plan that probes every entry by key. The LIMIT on the positions tells it the page is small, so the page's entries are read by key.
  const text = `SELECT ${read.columns}, p.total AS "total"
           FROM (SELECT id, position, total
                   FROM (SELECT e.id, row_number() OVER (ORDER BY ${CHRONOLOGY_ORDER}) AS position, count(*) OVER ()::int AS total
                         ${matching}) ranked
                  WHERE position > ${read.parameters.add((page - 1) * pageSize)}
                  ORDER BY position LIMIT ${read.parameters.add(pageSize)}) p
           JOIN chronology_entries e ON e.id = p.id
           ${currentVersionJoin('v')}
           ${read.joins}
          ORDER BY p.position`;
  return { page: { text, values: read.parameters.values }, count, countedOnEachRow: true };
}

/** Withheld entries whose marker shows no date, counted per agency and sensitivity over the whole chronology. */
export function undatedWithheldStatement(access: ChildAccess): Statement {
  const read = accessedRead(access, [access.childId]);
  // Inline rather than through the lateral: most entries are readable, and NOT readable then settles the row at once.
  return {
    text: `SELECT a.id AS "agencyId", a.code AS "agencyCode", a.name AS "agencyName", a.type AS "agencyType", a.contact AS "agencyContact",
              v.sensitivity AS "sensitivity", count(*)::int AS "count"
         FROM chronology_entries e
         ${currentVersionJoin('v')}
         ${SOURCE_AGENCY_JOIN}
         ${read.access.sharedJoin}
        WHERE e.child_id = $1 AND ${undatedWithheldSql(read.access.predicates)}
        GROUP BY a.id, v.sensitivity
        ORDER BY a.name, v.sensitivity`,
    values: read.parameters.values,
  };
}

/** Every version of an entry, oldest first; access is decided on the entry as it is now (`cv`). */
export function historyStatement(access: ChildAccess, entryId: string): Statement {
  const read = accessedRead(access, [entryId], ['cv']);
  return {
    text: `SELECT ${read.columns}
           FROM chronology_entries e
           ${currentVersionJoin('cv')}
           JOIN chronology_entry_versions v ON v.entry_id = e.id
           ${read.joins}
          WHERE e.id = $1 ORDER BY v.version_number ASC`,
    values: read.parameters.values,
  };
}

/**
 * A chronology in two figures, over the entries the caller may read (as the merged chronology
 * decides them): the latest whose date the caller may read, and how many entries agencies other
 * than `agencyId` recorded after `since` (ever, when null).
 */
export function activityStatement(access: ChildAccess, agencyId: string, since: Date | null): Statement {
  const read = accessedRead(access, [access.childId]);
  return {
    text: `WITH readable AS (
         SELECT e.id, e.source_agency_id, e.recorded_at, v.event_date, v.event_time, v.date_precision, ${read.access.canRead('eventDate')} AS dated
           FROM chronology_entries e
           ${currentVersionJoin('v')}
           ${SOURCE_AGENCY_JOIN}
           ${read.access.joins}
          WHERE e.child_id = $1 AND e.status <> 'entered-in-error' AND r.readable)
       SELECT latest.id AS "entryId", latest.event_date AS "eventDate", latest.date_precision AS "datePrecision",
              (SELECT count(*)::int FROM readable
                WHERE source_agency_id <> ${read.parameters.add(agencyId)}::uuid
                  AND recorded_at > COALESCE(${read.parameters.add(since)}::timestamptz, '-infinity')) AS "newFromOtherAgencies"
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (SELECT * FROM readable WHERE dated ORDER BY event_date DESC, event_time DESC NULLS LAST, recorded_at DESC, id DESC LIMIT 1) latest ON true`,
    values: read.parameters.values,
  };
}
