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
 * Aliases: `e` the entry (which keeps its current version's `shown_date` and `sensitivity`), `v`
 * the version wanted (current or historic), `cv` the current version where both are wanted, `a`
 * the source agency; the caller's access adds `s.shared` and `r.readable`, `r.locatable`,
 * `r.dated` (access/entry-access-sql.ts).
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

/**
 * The day, month or year a version's date shows, to the precision recorded: all a withheld marker
 * tells of when. The database defines it (chronology_shown_date) and keeps the current version's on
 * the entry (`e.shown_date`), with its sensitivity, so a page can be chosen from the entries alone.
 */
const SHOWN_DATE = `chronology_shown_date(v.event_date, v.date_precision)`;

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
 * read (`v`), or also the entry as it is now (`cv`), when the stricter of the two decides; or the
 * current version's as the entry keeps it (`e`), which the database holds equal to the current
 * version's: a read that chooses entries from the entries alone and then reads some of them whole
 * decides both parts on the same column, so the two cannot disagree.
 */
export function accessedRead(access: ChildAccess, initialParameters: unknown[], deciding: ('v' | 'cv' | 'e')[] = ['v']): AccessedRead {
  const parameters = new SqlParameters(initialParameters);
  const accessSql = entryAccessSql(access, parameters, {
    entryId: 'e.id',
    sourceAgencyId: 'e.source_agency_id',
    // Looked up rather than joined where the entry alone decides: the policy may not test it, and a read of the entries alone then never reads an agency.
    sourceAgencyType: deciding.includes('e') ? '(SELECT type FROM agencies WHERE id = e.source_agency_id)' : 'a.type',
    sensitivity: deciding.map((alias) => `${alias}.sensitivity`),
  });
  return {
    parameters,
    access: accessSql,
    columns: ACCESSED_COLUMNS,
    get joins() {
      return `${SOURCE_AGENCY_JOIN}${PEOPLE_JOINS}\n  ${accessSql.joins}`;
    },
  };
}

/** What a filter needs of a read: somewhere to bind its values, and the caller's access. */
type FilterRead = Pick<AccessedRead, 'parameters' | 'access'>;

/** What a filter tests an entry's access and shown date by: the lateral's flags and the version's date, or inline predicates and the entry's kept date. */
interface FilterKeys {
  flags: { readable: string; dated: string };
  shownDate: string;
}

const VERSION_KEYS: FilterKeys = { flags: ACCESS_FLAGS, shownDate: SHOWN_DATE };

/** Filters that test the version's content, not only what the entry keeps: a read that has them must join the version. Keep in step with chronologyFilter's clauses on `v`. */
function filtersReadVersion(query: ChronologyFilters): boolean {
  return Boolean(query.from || query.eventType?.length || query.wellbeingIndicator?.length || query.significant !== undefined);
}

/**
 * Filters become SQL parameters, never string-spliced values. A filter on a field only matches
 * entries whose field the caller may read: filtering by event type must not reveal the type of a
 * withheld entry. Agency and date are shown by every item in the list, so they filter everything,
 * each by what it shows: a marker by its date to the precision recorded, not by its end date.
 * `status` is the entry's status as of the version read: the entry's own now, or a version's change.
 */
export function chronologyFilter(query: ChronologyFilters, read: FilterRead, status = 'e.status', keys: FilterKeys = VERSION_KEYS): string {
  const { parameters } = read;
  const { readable, dated } = keys.flags;
  const clauses = ['e.child_id = $1', `(${readable} OR (${dated} AND ${status} <> 'entered-in-error'))`];
  if (!query.includeEnteredInError) clauses.push(`${status} <> 'entered-in-error'`);
  if (query.from) clauses.push(`COALESCE(CASE WHEN ${readable} THEN v.event_end_date END, ${keys.shownDate}) >= ${parameters.add(query.from)}::date`);
  if (query.to) clauses.push(`${keys.shownDate} <= ${parameters.add(query.to)}::date`);
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
 * An entry whose keys are gone has no current version (it was destroyed): the join to the current
 * version leaves it out of every read that makes it, and a read of the entries alone must leave it
 * out too, or a rule that does not test sensitivity (a share with the reader's agency) would count it.
 */
const HAS_CURRENT_VERSION = 'e.shown_date IS NOT NULL';

/** The filters tested on what an entry keeps (or a group of entries, in the running counts), with the access predicates inline. */
function keptFilter(filters: ChronologyFilters, read: FilterRead): string {
  return chronologyFilter(filters, read, 'e.status', { flags: read.access.predicates, shownDate: 'e.shown_date' });
}

/** The entries matching the filters, tested by what each entry keeps (the index holds it all), and its version or agency only where a filter needs them. */
function keyedMatching(filters: ChronologyFilters, read: AccessedRead): string {
  return `FROM chronology_entries e
         ${filtersReadVersion(filters) ? currentVersionJoin('v') : ''}
         ${filters.agency?.length ? SOURCE_AGENCY_JOIN : ''}
         ${read.access.sharedJoin}
        WHERE ${HAS_CURRENT_VERSION} AND ${keptFilter(filters, read)}`;
}

/** Filters the running counts can answer: they hold each entry's agency, sensitivity and status, not its dates or content. */
function countableFromKeptCounts(filters: ChronologyFilters): boolean {
  return !filtersReadVersion(filters) && !filters.to;
}

/**
 * Rows (source_agency_id, sensitivity, entries) summing to the child's entries that meet
 * `condition`, from the running counts the database keeps per child, agency, sensitivity and
 * status (migration CountChronologyEntries) rather than from the entries, so the answer costs the
 * same whatever the history. The policy decides on those four facts and on shares: each group is
 * tested as entries not shared with the caller's agency, then each entry shared with it takes back
 * its group's answer and gives its own (looked up by id: a plan made for any child must not walk
 * this one's entries to find them). Both parts are the child's (`$1`) whatever the condition, which
 * sees a group or an entry as `e` and its agency as `a`.
 */
function keptCounts(access: ChildAccess, parameters: SqlParameters, condition: (read: FilterRead) => string): string {
  const tested = (sharedWithMyAgency: 'true' | 'false'): string =>
    condition({
      parameters,
      access: entryAccessSql(access, parameters, { entryId: 'e.id', sourceAgencyId: 'e.source_agency_id', sourceAgencyType: 'a.type', sensitivity: ['e.sensitivity'], sharedWithMyAgency }),
    });
  const asUnshared = tested('false');
  const asShared = tested('true');
  return `SELECT e.source_agency_id, e.sensitivity, e.entries
             FROM chronology_entry_counts e
             ${SOURCE_AGENCY_JOIN}
            WHERE e.child_id = $1 AND ${asUnshared}
           UNION ALL
           SELECT e.source_agency_id, e.sensitivity, ((${asShared}) IS TRUE)::int - ((${asUnshared}) IS TRUE)::int
             FROM unnest(${parameters.add(access.sharedEntryIds)}::uuid[]) shared (id)
             JOIN chronology_entries e ON e.id = shared.id
             ${SOURCE_AGENCY_JOIN}
            WHERE e.child_id = $1 AND ${HAS_CURRENT_VERSION}`;
}

/** How many entries match filters the running counts can answer (countableFromKeptCounts). */
function keptTotal(access: ChildAccess, filters: ChronologyFilters, parameters: SqlParameters): string {
  return `SELECT COALESCE(sum(counted.entries), 0)::int FROM (${keptCounts(access, parameters, (groups) => keptFilter(filters, groups))}) counted`;
}

/** How many entries match the filters: from the running counts where they can answer, or else from the index. */
function countStatement(access: ChildAccess, filters: ChronologyFilters): Statement {
  if (countableFromKeptCounts(filters)) {
    const parameters = new SqlParameters([access.childId]);
    return { text: `SELECT (${keptTotal(access, filters, parameters)}) AS total`, values: parameters.values };
  }
  const counting = accessedRead(access, [access.childId], ['e']);
  return { text: `SELECT count(*)::int AS total\n         ${keyedMatching(filters, counting)}`, values: counting.parameters.values };
}

/**
 * A page of the merged chronology, and the statement that counts every matching row. A page below
 * ONE_PASS_FROM_PAGE_SIZE carries that count on each row (`total`), and the count alone is then
 * needed only for a page past the end; a larger page holds one row past the page instead, which
 * tells whether a count is needed at all.
 *
 * A smaller page is found from what each entry keeps of its current version (the date it shows and
 * its sensitivity, in the index on the child and that date), and only its own entries are read
 * whole. The days the page spans come from walking that index in date order as far as the page's
 * last entry; the entries of those days are then read whole, once, and put in the chronology's full
 * order, less those that earlier pages hold (as many as the page skips, less how many match before
 * the first day, counted from the index too). The total comes from the running counts where the
 * filters allow, or else from the index. So the first page of a 20,000-entry chronology reads a
 * hundred entries and counts nothing, rather than joining and ordering every version
 * (docs/performance.md, section 12a). Filters on a version's content (event type, wellbeing,
 * significance, an end date) join each entry's version where they are tested.
 *
 * With `withUndatedWithheld`, the page also carries the counts of the chronology's undated withheld
 * entries (undatedWithheldStatement) on its first row, so that they come with the page in one
 * statement and one snapshot.
 */
export function chronologyPageStatements(
  access: ChildAccess,
  filters: ChronologyFilters,
  page: number,
  pageSize: number,
  { withUndatedWithheld = false } = {},
): { page: Statement; count: Statement; countedOnEachRow: boolean } {
  // The count is assembled only when asked for: most pages carry it on each row, and a whole read needs none.
  const statements = (pageStatement: Statement, countedOnEachRow: boolean) => ({
    page: pageStatement,
    countedOnEachRow,
    get count(): Statement {
      return countStatement(access, filters);
    },
  });
  const undatedColumn = (parameters: SqlParameters, offset: string): string =>
    withUndatedWithheld ? `, ${undatedWithheldOnFirstRow(access, parameters, offset)}` : '';
  const skipped = (page - 1) * pageSize;
  if (pageSize >= ONE_PASS_FROM_PAGE_SIZE) {
    // The row number that finds the first row stands between the sort and the LIMIT, so a large page of a longer chronology loses the
    // top-N sort; but the rows are then sorted on their columns and made into the values sent only after, which measured no dearer
    // there (page 1 of 1,000 of 20,000 entries) and 3 ms cheaper for a 2,000-entry read (docs/performance.md, section 12a).
    const read = accessedRead(access, [access.childId]);
    const offset = `${read.parameters.add(skipped)}::bigint`;
    const text = `SELECT ${read.columns}${undatedColumn(read.parameters, offset)}
           FROM chronology_entries e
           ${currentVersionJoin('v')}
           ${read.joins}
          WHERE ${chronologyFilter(filters, read)}
          ORDER BY ${CHRONOLOGY_ORDER}
          LIMIT ${read.parameters.add(pageSize + 1)} OFFSET ${offset}`;
    return statements({ text, values: read.parameters.values }, false);
  }
  const read = accessedRead(access, [access.childId], ['e']);
  const keyed = keyedMatching(filters, read);
  const where = chronologyFilter(filters, read);
  const skip = read.parameters.add(skipped);
  const size = read.parameters.add(pageSize);
  // Where the running counts give the total, only the entries before the page's first day are counted (none, for the first page);
  // otherwise one pass over the matching entries counts both.
  const beforeFirstDay = 'e.shown_date < days.first_day';
  const counted = countableFromKeptCounts(filters)
    ? `SELECT (${keptTotal(access, filters, read.parameters)}) AS total, ${skipped === 0 ? '0' : `(SELECT count(*)::int ${keyed} AND ${beforeFirstDay})`} AS before`
    : `SELECT count(*)::int AS total, (count(*) FILTER (WHERE ${beforeFirstDay}))::int AS before ${keyed}`;
  // Entries of the page's first day that earlier pages hold.
  const offset = `${skip}::bigint - (SELECT before FROM counted)`;
  const text = `WITH days AS (SELECT min(shown_date) AS first_day, max(shown_date) AS last_day
                        FROM (SELECT e.shown_date ${keyed} ORDER BY e.shown_date OFFSET ${skip}::bigint LIMIT ${size}::bigint) page_days),
         counted AS (SELECT counted.* FROM days CROSS JOIN LATERAL (${counted}) counted)
       SELECT ${read.columns}, (SELECT total FROM counted) AS "total"${undatedColumn(read.parameters, offset)}
         FROM chronology_entries e
         ${currentVersionJoin('v')}
         ${read.joins}
        WHERE ${where} AND e.shown_date BETWEEN (SELECT first_day FROM days) AND (SELECT last_day FROM days)
        ORDER BY ${CHRONOLOGY_ORDER}
       OFFSET ${offset} LIMIT ${size}::bigint`;
  return statements({ text, values: read.parameters.values }, true);
}

/** Withheld entries whose marker shows no date, counted per agency and sensitivity over the whole chronology, from the running counts. */
export function undatedWithheldStatement(access: ChildAccess): Statement {
  const parameters = new SqlParameters([access.childId]);
  return { text: undatedWithheldGroups(access, parameters), values: parameters.values };
}

function undatedWithheldGroups(access: ChildAccess, parameters: SqlParameters): string {
  const groups = keptCounts(access, parameters, (read) => undatedWithheldSql(read.access.predicates));
  return `SELECT a.id AS "agencyId", a.code AS "agencyCode", a.name AS "agencyName", a.type AS "agencyType", a.contact AS "agencyContact",
              counted.sensitivity AS "sensitivity", sum(counted.entries)::int AS "count"
         FROM (${groups}) counted
         JOIN agencies a ON a.id = counted.source_agency_id
        GROUP BY a.id, counted.sensitivity
       HAVING sum(counted.entries) > 0
        ORDER BY a.name, counted.sensitivity`;
}

/** The same counts as JSON text, on the row after `offset` in the chronology's order and no other: sent once, not once a row. */
function undatedWithheldOnFirstRow(access: ChildAccess, parameters: SqlParameters, offset: string): string {
  return `CASE WHEN row_number() OVER (ORDER BY ${CHRONOLOGY_ORDER}) = ${offset} + 1
              THEN (SELECT COALESCE(json_agg(groups ORDER BY groups."agencyName", groups."sensitivity"), '[]')::text FROM (${undatedWithheldGroups(access, parameters)}) groups) END AS "undatedWithheld"`;
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
