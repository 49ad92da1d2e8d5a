import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The two facts of an entry's current version that decide where it sorts and who may see it (the
 * date it shows, to the precision recorded, and its sensitivity) kept on the entry itself, with an
 * index on the child and that date. A page of a long chronology can then be found from the index
 * alone, reading a few keys per entry rather than joining every version: before, the first page of
 * a 20,000-entry chronology read all 20,000 versions (docs/performance.md, section 12a).
 *
 * The database keeps them, whoever writes: a new version that is the entry's current one sets them,
 * and so does pointing the entry at another version. Whatever an insert supplies is corrected when
 * its version arrives, so they cannot drift from the version the chronology shows.
 * `chronology_shown_date` is the one definition of the date an entry shows.
 */
export class KeepChronologyOrderKeysOnEntries1795431600000 implements MigrationInterface {
  name = 'KeepChronologyOrderKeysOnEntries1795431600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION chronology_shown_date(event_date date, date_precision text) RETURNS date
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE date_precision
                 WHEN 'year' THEN date_trunc('year', event_date::timestamp)::date
                 WHEN 'month' THEN date_trunc('month', event_date::timestamp)::date
                 ELSE event_date
               END
      $$`);
    await queryRunner.query(`ALTER TABLE chronology_entries ADD COLUMN shown_date date, ADD COLUMN sensitivity text`);
    await queryRunner.query(`
      UPDATE chronology_entries e
         SET shown_date = chronology_shown_date(v.event_date, v.date_precision), sensitivity = v.sensitivity
        FROM chronology_entry_versions v
       WHERE v.entry_id = e.id AND v.version_number = e.current_version`);

    // A version written after its entry (every first version) sets the keys if it is the current one and they differ. As the owner:
    // the server's role may update only an entry's status and current version, so it can never set the keys to anything else.
    await queryRunner.query(`
      CREATE FUNCTION chronology_entry_keys_from_new_version() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        UPDATE chronology_entries e
           SET shown_date = chronology_shown_date(NEW.event_date, NEW.date_precision), sensitivity = NEW.sensitivity
         WHERE e.id = NEW.entry_id AND e.current_version = NEW.version_number
           AND (e.shown_date, e.sensitivity) IS DISTINCT FROM (chronology_shown_date(NEW.event_date, NEW.date_precision), NEW.sensitivity);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tr_entry_versions_set_entry_keys AFTER INSERT ON chronology_entry_versions
      FOR EACH ROW EXECUTE FUNCTION chronology_entry_keys_from_new_version()`);

    // An entry pointed at a version already written (an amendment, an entry marked in error) takes its keys, whatever the update said;
    // a destroyed entry (its versions deleted by destroy_entries) keeps no trace of when its event was or how sensitive it was.
    await queryRunner.query(`
      CREATE FUNCTION chronology_entry_keys_of_current_version() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      DECLARE
        shown date;
        version_sensitivity text;
      BEGIN
        SELECT chronology_shown_date(v.event_date, v.date_precision), v.sensitivity INTO shown, version_sensitivity
          FROM chronology_entry_versions v
         WHERE v.entry_id = NEW.id AND v.version_number = NEW.current_version;
        IF NEW.status = 'destroyed' THEN
          NEW.shown_date := NULL;
          NEW.sensitivity := NULL;
        ELSIF FOUND THEN
          NEW.shown_date := shown;
          NEW.sensitivity := version_sensitivity;
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tr_chronology_entries_keys_of_current_version BEFORE UPDATE OF status, current_version, shown_date, sensitivity ON chronology_entries
      FOR EACH ROW EXECUTE FUNCTION chronology_entry_keys_of_current_version()`);

    // Everything a page is chosen by, in the index: the page's bounds and the counts are read from it alone.
    await queryRunner.query(`
      CREATE INDEX ix_chronology_entries_child_shown_date ON chronology_entries (child_id, shown_date)
      INCLUDE (id, sensitivity, source_agency_id, status)`);
    await queryRunner.query(`DROP INDEX ix_chronology_entries_child`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX ix_chronology_entries_child ON chronology_entries (child_id)`);
    await queryRunner.query(`DROP INDEX ix_chronology_entries_child_shown_date`);
    await queryRunner.query(`DROP TRIGGER tr_chronology_entries_keys_of_current_version ON chronology_entries`);
    await queryRunner.query(`DROP FUNCTION chronology_entry_keys_of_current_version()`);
    await queryRunner.query(`DROP TRIGGER tr_entry_versions_set_entry_keys ON chronology_entry_versions`);
    await queryRunner.query(`DROP FUNCTION chronology_entry_keys_from_new_version()`);
    await queryRunner.query(`ALTER TABLE chronology_entries DROP COLUMN shown_date, DROP COLUMN sensitivity`);
    await queryRunner.query(`DROP FUNCTION chronology_shown_date(date, text)`);
  }
}

