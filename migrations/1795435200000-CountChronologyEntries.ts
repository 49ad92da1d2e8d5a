import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Running counts of each child's entries per source agency, sensitivity and status, kept by the
 * database whoever writes. Every page of a chronology reports how many entries it holds in all and
 * how many are withheld without a date; counted from the entries, that cost grew with the child's
 * whole history (docs/performance.md, section 12a). The policy decides on exactly these four facts
 * (and on shares, which the reading statement corrects for entry by entry), so a reader's counts
 * are sums over a handful of groups.
 *
 * An entry counts while it keeps its order keys (shown date and sensitivity): from its first
 * version until it is destroyed, as the reads that page the chronology decide. A group that falls
 * to nothing is removed, so no row tells of a destroyed entry's sensitivity or agency.
 *
 * The counts change when a writing transaction commits, as the audit chain's link is made: each
 * statement's net change per group is noted as it happens, without a lock, and a deferred trigger
 * adds the notes to the counts at commit, under the chain's lock. Concurrent writers to one child
 * then wait for each other only while committing, not for the whole transaction.
 */
export class CountChronologyEntries1795435200000 implements MigrationInterface {
  name = 'CountChronologyEntries1795435200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // An entry counts while it has a shown date (as the reads decide); its sensitivity comes and goes with it.
    await queryRunner.query(`
      ALTER TABLE chronology_entries ADD CONSTRAINT ck_chronology_entries_keys_together CHECK ((shown_date IS NULL) = (sensitivity IS NULL))`);
    // Named like the entries' own columns, so the policy's SQL over entries applies to a group as written.
    await queryRunner.query(`
      CREATE TABLE chronology_entry_counts (
        child_id uuid NOT NULL,
        source_agency_id uuid NOT NULL,
        sensitivity text NOT NULL,
        status text NOT NULL,
        entries integer NOT NULL,
        PRIMARY KEY (child_id, source_agency_id, sensitivity, status)
      )`);
    // Changes not yet committed; empty whenever no writing transaction is open.
    await queryRunner.query(`
      CREATE TABLE chronology_entry_count_changes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        child_id uuid NOT NULL,
        source_agency_id uuid NOT NULL,
        sensitivity text NOT NULL,
        status text NOT NULL,
        entries integer NOT NULL
      )`);

    // A statement's rows at once: an import's batch of a thousand entries notes a few groups' changes, not a thousand. As the owner:
    // the server's role only reads the counts.
    const counted = `shown_date IS NOT NULL`;
    // Each entry leaving a group counts -1 and each entering one +1; groups whose changes cancel out are not noted.
    const rowsOf = (transition: 'old_rows' | 'new_rows') =>
      `SELECT child_id, source_agency_id, sensitivity, status, ${transition === 'old_rows' ? -1 : 1} AS change FROM ${transition} WHERE ${counted}`;
    const note = (changes: string) => `
          INSERT INTO chronology_entry_count_changes (child_id, source_agency_id, sensitivity, status, entries)
          SELECT child_id, source_agency_id, sensitivity, status, sum(change) FROM (${changes}) changed
           GROUP BY child_id, source_agency_id, sensitivity, status HAVING sum(change) <> 0;`;
    await queryRunner.query(`
      CREATE FUNCTION chronology_entry_counts_note() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN${note(rowsOf('new_rows'))}
        ELSIF TG_OP = 'DELETE' THEN${note(rowsOf('old_rows'))}
        ELSE${note(`${rowsOf('old_rows')} UNION ALL ${rowsOf('new_rows')}`)}
        END IF;
        RETURN NULL;
      END $$`);
    for (const [event, transitions] of [
      ['INSERT', 'NEW TABLE AS new_rows'],
      ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
      ['DELETE', 'OLD TABLE AS old_rows'],
    ]) {
      await queryRunner.query(`
        CREATE TRIGGER tr_chronology_entries_count_${event.toLowerCase()} AFTER ${event} ON chronology_entries
        REFERENCING ${transitions} FOR EACH STATEMENT EXECUTE FUNCTION chronology_entry_counts_note()`);
    }

    // The first firing at commit adds all of the transaction's notes (no other transaction's are visible: each deletes its own before
    // it commits) and the later ones find theirs gone. Under the audit chain's lock, which every writer of entries takes at commit to
    // link its audit event: whatever order a transaction's entries, children and audit events came in, locks are always taken chain
    // first, then counts, and no two commits wait on each other for them. Writers of entries must run READ COMMITTED (as the server's
    // do): under REPEATABLE READ the addition fails at commit whenever another writer to the child committed first.
    await queryRunner.query(`
      CREATE FUNCTION chronology_entry_counts_apply() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        emptied chronology_entry_counts[];
      BEGIN
        IF NOT EXISTS (SELECT FROM chronology_entry_count_changes WHERE id = NEW.id) THEN
          RETURN NULL;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended('chronicle:audit-chain', 0));
        WITH noted AS (DELETE FROM chronology_entry_count_changes RETURNING child_id, source_agency_id, sensitivity, status, entries),
             added AS (INSERT INTO chronology_entry_counts AS kept (child_id, source_agency_id, sensitivity, status, entries)
                       SELECT child_id, source_agency_id, sensitivity, status, sum(entries) FROM noted
                        GROUP BY child_id, source_agency_id, sensitivity, status HAVING sum(entries) <> 0
                           ON CONFLICT (child_id, source_agency_id, sensitivity, status) DO UPDATE SET entries = kept.entries + EXCLUDED.entries
                       RETURNING kept.*)
        SELECT array_agg(ROW(child_id, source_agency_id, sensitivity, status, entries)::chronology_entry_counts) INTO emptied
          FROM added WHERE entries = 0;
        DELETE FROM chronology_entry_counts kept USING unnest(emptied) gone
         WHERE (kept.child_id, kept.source_agency_id, kept.sensitivity, kept.status) = (gone.child_id, gone.source_agency_id, gone.sensitivity, gone.status);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER tr_chronology_entry_count_changes_apply AFTER INSERT ON chronology_entry_count_changes
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION chronology_entry_counts_apply()`);

    // The note trigger runs for every statement, even one that changes no row: a new version now looks before it updates its entry,
    // which it finds already right for every first version written with its entry (an import's 10,000 first versions made 10,000 empty
    // UPDATEs, each running the trigger: +10% to the import's commit).
    await queryRunner.query(keysFromNewVersion(`
        IF EXISTS (SELECT FROM chronology_entries e WHERE ${KEYS_DIFFER}) THEN
          UPDATE chronology_entries e SET shown_date = chronology_shown_date(NEW.event_date, NEW.date_precision), sensitivity = NEW.sensitivity
           WHERE ${KEYS_DIFFER};
        END IF;`));

    await queryRunner.query(`
      INSERT INTO chronology_entry_counts (child_id, source_agency_id, sensitivity, status, entries)
      SELECT child_id, source_agency_id, sensitivity, status, count(*)
        FROM chronology_entries WHERE ${counted}
       GROUP BY child_id, source_agency_id, sensitivity, status`);
    await queryRunner.query(`GRANT SELECT ON chronology_entry_counts TO chronicle_app`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(keysFromNewVersion(`
        UPDATE chronology_entries e SET shown_date = chronology_shown_date(NEW.event_date, NEW.date_precision), sensitivity = NEW.sensitivity
         WHERE ${KEYS_DIFFER};`));
    for (const event of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER tr_chronology_entries_count_${event} ON chronology_entries`);
    await queryRunner.query(`DROP FUNCTION chronology_entry_counts_note()`);
    await queryRunner.query(`DROP TABLE chronology_entry_count_changes`);
    await queryRunner.query(`DROP FUNCTION chronology_entry_counts_apply()`);
    await queryRunner.query(`DROP TABLE chronology_entry_counts`);
    await queryRunner.query(`ALTER TABLE chronology_entries DROP CONSTRAINT ck_chronology_entries_keys_together`);
  }
}

/** A new version's entry, if the version is its current one and the entry's keys are not yet the version's. */
const KEYS_DIFFER = `e.id = NEW.entry_id AND e.current_version = NEW.version_number
           AND (e.shown_date, e.sensitivity) IS DISTINCT FROM (chronology_shown_date(NEW.event_date, NEW.date_precision), NEW.sensitivity)`;

/** The trigger function of KeepChronologyOrderKeysOnEntries that sets an entry's keys from its new version, with `body` as its statements. */
function keysFromNewVersion(body: string): string {
  return `
    CREATE OR REPLACE FUNCTION chronology_entry_keys_from_new_version() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN${body}
        RETURN NULL;
      END $$`;
}
