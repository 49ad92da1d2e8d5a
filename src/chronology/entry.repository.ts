import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ChildAccess } from '../access/child-access';
import { preparedQuery } from '../database/prepared-query';
import { ChronologyEntryVersion } from './chronology-entry-version.entity';
import { ChronologyEntry } from './chronology-entry.entity';
import { ENTRY_CONTENT_FIELDS, EntryContent } from './entry-content';
import type { AccessedEntryRow } from './entry-row';
import { activityStatement, chronologyPageStatements, ChronologyFilters, entryStatement, historyStatement, undatedWithheldStatement } from './entry-sql';
import type { DatePrecision, VersionChange } from './entry-vocabulary';
import type { UndatedWithheldRow } from './withheld-notices';

/** Whose new entries are written, by whom and when. */
export type NewEntryAuthor = Pick<ChronologyEntry, 'childId' | 'sourceAgencyId' | 'authorId' | 'recordedAt'>;

/** A new version's content and who made it, when and why. */
export interface VersionRecord {
  entryId: string;
  versionNumber: number;
  change: VersionChange;
  changeReason: string | null;
  changedById: string;
  changedAt: Date;
  content: EntryContent;
}

/** A chronology's latest entry with a date the caller may read, if any, and how many entries other agencies recorded since a time. */
export interface ActivityRow {
  entryId: string | null;
  eventDate: string | null;
  datePrecision: DatePrecision | null;
  newFromOtherAgencies: number;
}

/**
 * Entries and their immutable versions in the database. Reads run the statements of entry-sql.ts,
 * on whatever the caller passes: a transaction's manager, or the pool for a read that writes
 * nothing but its audit event.
 */
@Injectable()
export class EntryRepository {
  async find(manager: EntityManager, access: ChildAccess, entryId: string): Promise<AccessedEntryRow | undefined> {
    const { text, values } = entryStatement(access, entryId);
    const [row] = await preparedQuery<AccessedEntryRow>(manager, text, values);
    return row;
  }

  /**
   * One page of the merged chronology, and how many entries match in all; with `withUndatedWithheld`,
   * also the counts of the withheld entries that show no date (undatedWithheld), carried by the
   * page's first row.
   */
  async chronologyPage(
    manager: EntityManager,
    access: ChildAccess,
    filters: ChronologyFilters,
    page: number,
    pageSize: number,
    { withUndatedWithheld = false } = {},
  ): Promise<{ rows: AccessedEntryRow[]; total: number; undatedWithheld: UndatedWithheldRow[] }> {
    const statements = chronologyPageStatements(access, filters, page, pageSize, { withUndatedWithheld });
    const rows = await preparedQuery<AccessedEntryRow & { total?: number; undatedWithheld?: string | null }>(manager, statements.page.text, statements.page.values);
    // A large page reads one row past itself, to tell whether another page follows.
    const morePages = !statements.countedOnEachRow && rows.length > pageSize;
    if (morePages) rows.pop();
    const matching = async (): Promise<number> => {
      if (statements.countedOnEachRow) {
        if (rows.length > 0) return rows[0].total ?? 0;
        if (page === 1) return 0;
      } else if (!morePages && (rows.length > 0 || page === 1)) {
        // A chronology read whole (what a large page usually is) needs no count.
        return (page - 1) * pageSize + rows.length;
      }
      // A page past the end has no row to carry the count, and a large page that is not the last does not count.
      const [{ total }] = await manager.query<{ total: number }[]>(statements.count.text, statements.count.values);
      return total;
    };
    const undated = async (): Promise<UndatedWithheldRow[]> => {
      if (!withUndatedWithheld) return [];
      // A page with no rows has none to carry the counts.
      return rows.length > 0 ? (JSON.parse(rows[0].undatedWithheld!) as UndatedWithheldRow[]) : this.undatedWithheld(manager, access);
    };
    const [total, undatedWithheld] = await Promise.all([matching(), undated()]);
    return { rows, total, undatedWithheld };
  }

  async activity(manager: EntityManager, access: ChildAccess, agencyId: string, since: Date | null): Promise<ActivityRow> {
    const { text, values } = activityStatement(access, agencyId, since);
    const [row] = await preparedQuery<ActivityRow>(manager, text, values);
    return row;
  }

  history(manager: EntityManager, access: ChildAccess, entryId: string): Promise<AccessedEntryRow[]> {
    const { text, values } = historyStatement(access, entryId);
    return manager.query<AccessedEntryRow[]>(text, values);
  }

  /** The entry row, locked until the transaction ends: concurrent changes take turns, so version numbers never collide. */
  lockForChange(manager: EntityManager, entryId: string): Promise<ChronologyEntry | null> {
    return manager.findOne(ChronologyEntry, { where: { id: entryId }, lock: { mode: 'pessimistic_write' } });
  }

  currentContent(manager: EntityManager, entry: ChronologyEntry): Promise<ChronologyEntryVersion> {
    return manager.findOneByOrFail(ChronologyEntryVersion, { entryId: entry.id, versionNumber: entry.currentVersion });
  }

  /** A new entry and its first version; returns its id. */
  async create(manager: EntityManager, author: NewEntryAuthor, content: EntryContent): Promise<string> {
    const [id] = await this.createMany(manager, author, [content]);
    return id;
  }

  /**
   * New entries of one author (one from a form, many from an import) and their first versions:
   * one statement per batch, entries and versions together, so a form's entry costs one round trip
   * and an import's 10,000 ten. Ids are made here so the versions can name their entries without
   * reading them back. Returns the ids in order.
   */
  async createMany(manager: EntityManager, author: NewEntryAuthor, contents: readonly EntryContent[]): Promise<string[]> {
    const ids = contents.map(() => randomUUID());
    for (let start = 0; start < contents.length; start += INSERT_BATCH) {
      const batch = ids.slice(start, start + INSERT_BATCH);
      const [versionsSql, versionsParameters] = manager
        .createQueryBuilder()
        .insert()
        .into(ChronologyEntryVersion)
        .values(
          batch.map((entryId, index) =>
            versionRow({ entryId, versionNumber: 1, change: 'created', changeReason: null, changedById: author.authorId, changedAt: author.recordedAt, content: contents[start + index] }),
          ),
        )
        .updateEntity(false)
        .getQueryAndParameters();
      const next = versionsParameters.length;
      // The versions' foreign key is checked when the statement ends, by which time its entries are there.
      const batchContents = contents.slice(start, start + INSERT_BATCH);
      // The entry's order keys are written with it, so that the database, which sets them from the first version whatever is written
      // here (KeepChronologyOrderKeysOnEntries), finds them already right and does not write each entry twice.
      await manager.query(
        `WITH new_entries AS (
           INSERT INTO chronology_entries (id, child_id, source_agency_id, author_id, recorded_at, status, current_version, shown_date, sensitivity)
           SELECT id, $${next + 2}::uuid, $${next + 3}::uuid, $${next + 4}::uuid, $${next + 5}::timestamptz, 'current', 1, chronology_shown_date(event_date, date_precision), sensitivity
             FROM unnest($${next + 1}::uuid[], $${next + 6}::date[], $${next + 7}::text[], $${next + 8}::text[]) AS t(id, event_date, date_precision, sensitivity))
         ${versionsSql}`,
        [
          ...versionsParameters,
          batch,
          author.childId,
          author.sourceAgencyId,
          author.authorId,
          author.recordedAt,
          batchContents.map((content) => content.eventDate),
          batchContents.map((content) => content.datePrecision),
          batchContents.map((content) => content.sensitivity),
        ],
      );
    }
    return ids;
  }

  /** A new version, which the entry then reads as. */
  async change(manager: EntityManager, version: VersionRecord & { change: Exclude<VersionChange, 'created'> }): Promise<void> {
    await this.addVersion(manager, version);
    await manager.update(ChronologyEntry, { id: version.entryId }, { currentVersion: version.versionNumber, status: version.change });
  }

  private async addVersion(manager: EntityManager, version: VersionRecord): Promise<void> {
    await manager.insert(ChronologyEntryVersion, versionRow(version));
  }

  /** The undated-withheld counts on their own, for a page with no row to carry them. */
  private undatedWithheld(manager: EntityManager, access: ChildAccess): Promise<UndatedWithheldRow[]> {
    const { text, values } = undatedWithheldStatement(access);
    return preparedQuery<UndatedWithheldRow>(manager, text, values);
  }
}

/** Entries a multi-row INSERT writes at once: a version has 28 columns, and a statement at most 65,535 parameters. */
const INSERT_BATCH = 1000;

function versionRow({ content, ...version }: VersionRecord): Partial<ChronologyEntryVersion> {
  // Only the content columns: a version row read back also carries its own id, number and change metadata.
  return { ...Object.fromEntries(ENTRY_CONTENT_FIELDS.map((field) => [field, content[field]])), ...version };
}
