import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ChildAccess } from '../access/child-access';
import { intersect, readableFields } from '../access/entry-decision';
import { childDateOfBirth, EntryProjection, entryProjection, toEntryView } from '../chronology/entry-projection';
import { AccessedEntryRow, attributesOf, EntryRow } from '../chronology/entry-row';
import {
  ACCESS_FLAGS,
  accessedRead,
  CHRONOLOGY_ORDER,
  chronologyFilter,
  ChronologyFilters,
  currentVersionJoin,
  Statement,
  undatedWithheldSql,
} from '../chronology/entry-sql';
import { SENSITIVITIES, Sensitivity } from '../chronology/entry-vocabulary';
import type { EntryView, WithheldEntryView } from '../chronology/entry.view';
import { EventTaxonomyService } from '../chronology/event-taxonomy.service';
import { toWithheldEntryView } from '../chronology/withheld-notices';
import { ExportAudience, fieldsForAudience } from './export-audiences';

/**
 * entry: shown in the table; marker: the policy withholds it whole but shows its date; undated: the
 * policy withholds it whole, date included, so it is only counted; left-out: the audience's copy
 * leaves its date out, so it cannot be placed in the table.
 */
export type DocumentShown = 'entry' | 'marker' | 'undated' | 'left-out';

/** An entry version a document took account of, and how it showed it. */
export interface RecordedItem {
  entryId: string;
  version: number;
  shown: DocumentShown;
}

/**
 * Which entries a printed document covers: those the filters select now (at most `limit` that can
 * be placed in the table), or the versions an earlier document covered, made with those filters.
 */
export type DocumentSelection = { filters: ChronologyFilters; limit: number } | { filters: ChronologyFilters; recorded: RecordedItem[]; producedAt: Date };

export interface DocumentItem extends RecordedItem {
  view: EntryView | WithheldEntryView;
  /** The fields the policy lets the caller read of it ... */
  readable: ReadonlySet<string>;
  /** ... and those of them the document may show. */
  fields: ReadonlySet<string>;
}

/** The version a document shows, with what an audience's profile looks at of the entry as it is now. */
type DocumentRow = AccessedEntryRow & { currentSensitivity: Sensitivity; currentNamesThirdParties: boolean };

/**
 * The entries a printed document covers, decided exactly as the merged chronology decides them:
 * the rows the filters select and the withheld entries whose date the caller may not see (for
 * the agencies filtered, as their markers name the agency), or exactly the versions an earlier
 * document covered. Each comes with the fields the policy lets the caller read, and those the
 * audience's profile leaves of them. A recorded version is judged by the stricter of its own
 * attributes and the entry's current ones, so a later raise in sensitivity or a later "names third
 * parties" narrows it as it would a fresh document. The statements as assembled for one caller
 * are in docs/sql/document-entries.sql (a test keeps it up to date).
 */
@Injectable()
export class DocumentEntries {
  constructor(private readonly taxonomy: EventTaxonomyService) {}

  /**
   * `released`: entries that name other people which the audience's copy shows as if they did not
   * (a data protection officer released them to a subject access request, with the reason).
   */
  async items(manager: EntityManager, access: ChildAccess, selection: DocumentSelection, audience: ExportAudience, released: ReadonlySet<string> = new Set()): Promise<DocumentItem[]> {
    const statements =
      'recorded' in selection
        ? [recordedStatement(access, selection), undatedStatement(access, selection.filters, selection.producedAt)]
        : [filteredStatement(access, selection), undatedStatement(access, selection.filters)];
    const rows: DocumentRow[] = [];
    for (const { text, values } of statements) rows.push(...(await manager.query<DocumentRow[]>(text, values)));
    const dateOfBirth = childDateOfBirth(access);
    const authors: Parameters<typeof toEntryView>[4] = new Map();
    const narrow = narrowTo(audience, released);
    return rows.map((row): DocumentItem => {
      const sensitivity = stricterSensitivity(row.sensitivity, row.currentSensitivity);
      if (!row.readable) {
        const shown = row.dated ? 'marker' : 'undated';
        return { entryId: row.id, version: row.versionNumber, shown, view: toWithheldEntryView({ ...row, sensitivity }, row.dated), readable: new Set(), fields: new Set() };
      }
      const asNow = { ...row, sensitivity: row.currentSensitivity, namesThirdParties: row.currentNamesThirdParties };
      const readable = intersect(readableFields(access, attributesOf(asNow)), readableFields(access, attributesOf(row)));
      const fields = intersect(narrow(readable, row), narrow(readable, asNow));
      // A document shows each entry as of the version it shows, status included.
      const asOfVersion = { ...row, status: row.change === 'created' ? 'current' : row.change } satisfies EntryRow;
      const view = this.toView(asOfVersion, entryProjection(fields, row), dateOfBirth, authors);
      return { entryId: row.id, version: row.versionNumber, shown: fields.has('eventDate') ? 'entry' : 'left-out', view, readable, fields };
    });
  }

  private toView(row: EntryRow, projection: EntryProjection, childDateOfBirth: string, authors: Parameters<typeof toEntryView>[4]): EntryView {
    return toEntryView(row, projection, childDateOfBirth, this.taxonomy.find(row.eventType), authors);
  }
}

/** The rows the filters select now, in chronology order. */
export function filteredStatement(access: ChildAccess, selection: { filters: ChronologyFilters; limit: number }): Statement {
  const read = accessedRead(access, [access.childId]);
  const where = chronologyFilter(selection.filters, read);
  return {
    text: `SELECT ${read.columns}, v.sensitivity AS "currentSensitivity", CASE WHEN r.readable THEN v.names_third_parties END AS "currentNamesThirdParties"
         FROM chronology_entries e
         ${currentVersionJoin('v')}
         ${read.joins}
        WHERE ${where}
        ORDER BY ${CHRONOLOGY_ORDER}
        LIMIT ${read.parameters.add(selection.limit)}`,
    values: read.parameters.values,
  };
}

/**
 * The withheld entries whose marker shows no date, as the chronology counts them. Only the agency
 * filter applies: a period, type or significance filter would give away what is withheld.
 *
 * For a document made again (`asOf` its production), the child's entries as they were then, each
 * judged by the stricter of that version and the entry now: never the entries the record lists.
 * Which of those the original covered was decided by its producer's filters on facts this reader
 * may not see (that one lay in the period, or was significant), so a count of them would tell it.
 */
export function undatedStatement(access: ChildAccess, filters: ChronologyFilters, asOf?: Date): Statement {
  const read = accessedRead(access, [access.childId], asOf ? ['cv', 'v'] : ['v']);
  const agency = filters.agency?.length ? `AND a.code = ANY(${read.parameters.add(filters.agency)}::text[])` : '';
  const versions = asOf
    ? `${currentVersionJoin('cv')}
         JOIN LATERAL (SELECT * FROM chronology_entry_versions t WHERE t.entry_id = e.id AND t.changed_at <= ${read.parameters.add(asOf)}::timestamptz
                        ORDER BY t.version_number DESC LIMIT 1) v ON true`
    : currentVersionJoin('v');
  return {
    text: `SELECT ${read.columns}, ${asOf ? 'cv' : 'v'}.sensitivity AS "currentSensitivity", NULL AS "currentNamesThirdParties"
         FROM chronology_entries e
         ${versions}
         ${read.joins}
        WHERE e.child_id = $1 AND ${undatedWithheldSql(ACCESS_FLAGS, asOf ? 'v.change' : 'e.status')} ${agency}
        ORDER BY a.name, v.sensitivity, e.id`,
    values: read.parameters.values,
  };
}

/**
 * The recorded versions the caller may read or place by date, with the caller's access decided on
 * each as the stricter of the version and the entry as it is now, in chronology order. Each is
 * shown only if the filters select it for the caller now, judged on that version (its status
 * included): the producer's filters chose them by what the producer could see (an entry's type,
 * its significance, its end date, or that it lay in the period at all when it was withheld from
 * them undated), so a copy made again for someone who may not see that would otherwise tell it.
 * For the producer with the same permissions they select exactly what they did. Those the caller
 * may not place are counted by undatedStatement.
 */
export function recordedStatement(access: ChildAccess, selection: { filters: ChronologyFilters; recorded: RecordedItem[] }): Statement {
  const { recorded } = selection;
  const read = accessedRead(access, [access.childId, recorded.map((item) => item.entryId), recorded.map((item) => item.version)], ['cv', 'v']);
  return {
    text: `SELECT ${read.columns}, cv.sensitivity AS "currentSensitivity", CASE WHEN r.readable THEN cv.names_third_parties END AS "currentNamesThirdParties"
         FROM unnest($2::uuid[], $3::int[]) AS selected(entry_id, version_number)
         JOIN chronology_entries e ON e.id = selected.entry_id
         ${currentVersionJoin('cv')}
         JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = selected.version_number
         ${read.joins}
        WHERE ${chronologyFilter(selection.filters, read, 'v.change')}
        ORDER BY ${CHRONOLOGY_ORDER}`,
    values: read.parameters.values,
  };
}

/** The audience's profile applied to what the reader may read of one entry. */
function narrowTo(audience: ExportAudience, released: ReadonlySet<string>): (readable: ReadonlySet<string>, row: EntryRow) => Set<string> {
  // The reader knows whether an entry names third parties only if they may read that field; otherwise the audience rule assumes it does.
  const namesThirdParties = (readable: ReadonlySet<string>, row: EntryRow): boolean | null =>
    released.has(row.id) ? false : readable.has('namesThirdParties') ? row.namesThirdParties : null;
  return (readable, row) => fieldsForAudience(readable, audience, { namesThirdParties: namesThirdParties(readable, row), sourceAgencyType: row.agencyType, sensitivity: row.sensitivity });
}

function stricterSensitivity(a: Sensitivity, b: Sensitivity): Sensitivity {
  return SENSITIVITIES.indexOf(a) >= SENSITIVITIES.indexOf(b) ? a : b;
}
