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
 */
export class CountChronologyEntries1795435200000 implements MigrationInterface {
  name = 'CountChronologyEntries1795435200000';

  async up(queryRunner: QueryRunner): Promise<void> {
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

    // Changes arrive from several triggers of one statement in no set order (an entry's insert, then its version correcting its keys),
    // so a group may dip below zero for a moment; it is whole again when the statement ends. As the owner: the server's role only reads.
    await queryRunner.query(`
      CREATE FUNCTION chronology_entry_counts_follow() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        changes chronology_entry_counts[] := '{}';
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          changes := changes || ARRAY(SELECT ROW(child_id, source_agency_id, sensitivity, status, -1)::chronology_entry_counts
                                        FROM old_rows WHERE shown_date IS NOT NULL AND sensitivity IS NOT NULL);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          changes := changes || ARRAY(SELECT ROW(child_id, source_agency_id, sensitivity, status, 1)::chronology_entry_counts
                                        FROM new_rows WHERE shown_date IS NOT NULL AND sensitivity IS NOT NULL);
        END IF;
        changes := ARRAY(SELECT ROW(child_id, source_agency_id, sensitivity, status, sum(entries))::chronology_entry_counts
                           FROM unnest(changes) GROUP BY child_id, source_agency_id, sensitivity, status HAVING sum(entries) <> 0
                          ORDER BY child_id, source_agency_id, sensitivity, status);
        IF cardinality(changes) = 0 THEN
          RETURN NULL;
        END IF;
        -- One child's writers take turns, children in order: a transaction that changes several groups over several statements (an
        -- import's batches, an amendment that moves an entry between sensitivities) never waits on another that holds the rest.
        PERFORM pg_advisory_xact_lock(hashtextextended('chronology_entry_counts:' || child_id::text, 0))
           FROM (SELECT DISTINCT child_id FROM unnest(changes)) children ORDER BY child_id;
        INSERT INTO chronology_entry_counts AS kept SELECT * FROM unnest(changes)
            ON CONFLICT (child_id, source_agency_id, sensitivity, status) DO UPDATE SET entries = kept.entries + EXCLUDED.entries;
        DELETE FROM chronology_entry_counts kept USING unnest(changes) changed
         WHERE (kept.child_id, kept.source_agency_id, kept.sensitivity, kept.status) = (changed.child_id, changed.source_agency_id, changed.sensitivity, changed.status)
           AND kept.entries = 0;
        RETURN NULL;
      END $$`);
    // A statement's rows at once: an import's batch of a thousand entries changes a few groups once, not a thousand times.
    await queryRunner.query(`
      CREATE TRIGGER tr_chronology_entries_count_inserted AFTER INSERT ON chronology_entries
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chronology_entry_counts_follow()`);
    await queryRunner.query(`
      CREATE TRIGGER tr_chronology_entries_count_updated AFTER UPDATE ON chronology_entries
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chronology_entry_counts_follow()`);
    await queryRunner.query(`
      CREATE TRIGGER tr_chronology_entries_count_deleted AFTER DELETE ON chronology_entries
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION chronology_entry_counts_follow()`);

    await queryRunner.query(`
      INSERT INTO chronology_entry_counts (child_id, source_agency_id, sensitivity, status, entries)
      SELECT child_id, source_agency_id, sensitivity, status, count(*)
        FROM chronology_entries WHERE shown_date IS NOT NULL AND sensitivity IS NOT NULL
       GROUP BY child_id, source_agency_id, sensitivity, status`);
    await queryRunner.query(`GRANT SELECT ON chronology_entry_counts TO chronicle_app`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tr_chronology_entries_count_deleted ON chronology_entries`);
    await queryRunner.query(`DROP TRIGGER tr_chronology_entries_count_updated ON chronology_entries`);
    await queryRunner.query(`DROP TRIGGER tr_chronology_entries_count_inserted ON chronology_entries`);
    await queryRunner.query(`DROP FUNCTION chronology_entry_counts_follow()`);
    await queryRunner.query(`DROP TABLE chronology_entry_counts`);
  }
}
