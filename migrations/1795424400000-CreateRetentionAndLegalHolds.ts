import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention: legal holds (a public inquiry's preservation request, a court's order) that block
 * destruction while they stand; the data protection officer's decisions at review (extend, with
 * the new date and reason, or destroy); destruction certificates; and the tombstone each destroyed
 * entry leaves (ids, dates, agency, class, certificate). Destruction removes every version of an
 * entry, and the disputes of it, through one function owned by the schema's owner: the server's
 * own role still may not delete a version, and the versions' trigger lets a version go only when a
 * destruction certificate lists its entry and no legal hold covers it.
 */
export class CreateRetentionAndLegalHolds1795424400000 implements MigrationInterface {
  name = 'CreateRetentionAndLegalHolds1795424400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE legal_holds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scope text NOT NULL,
        child_id uuid,
        agency_id uuid,
        reason text NOT NULL,
        requested_by text NOT NULL,
        placed_by_id uuid NOT NULL,
        placed_at timestamptz NOT NULL,
        lifted_at timestamptz,
        lifted_by_id uuid,
        lift_reason text,
        CONSTRAINT fk_legal_holds_child FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
        CONSTRAINT fk_legal_holds_agency FOREIGN KEY (agency_id) REFERENCES agencies (id) ON DELETE RESTRICT,
        CONSTRAINT fk_legal_holds_placed_by FOREIGN KEY (placed_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT fk_legal_holds_lifted_by FOREIGN KEY (lifted_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT ck_legal_holds_scope CHECK (
          (scope = 'child' AND child_id IS NOT NULL AND agency_id IS NULL) OR (scope = 'agency' AND agency_id IS NOT NULL AND child_id IS NULL)
          OR (scope = 'all' AND child_id IS NULL AND agency_id IS NULL)),
        CONSTRAINT ck_legal_holds_lifted CHECK ((lifted_at IS NULL) = (lifted_by_id IS NULL) AND (lifted_at IS NULL) = (lift_reason IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX ix_legal_holds_standing ON legal_holds (scope) WHERE lifted_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE destruction_certificates (
        id uuid PRIMARY KEY,
        child_id uuid NOT NULL,
        retention_class text NOT NULL,
        review_date date NOT NULL,
        entry_ids uuid[] NOT NULL,
        versions integer NOT NULL,
        reason text NOT NULL,
        destroyed_by_id uuid NOT NULL,
        destroyed_at timestamptz NOT NULL,
        CONSTRAINT fk_destruction_certificates_child FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
        CONSTRAINT fk_destruction_certificates_by FOREIGN KEY (destroyed_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT ck_destruction_certificates_entries CHECK (cardinality(entry_ids) >= 1)
      )`);
    await queryRunner.query(`
      CREATE TABLE retention_extensions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL,
        retention_class text NOT NULL,
        review_date date NOT NULL,
        extended_to date NOT NULL,
        reason text NOT NULL,
        extended_by_id uuid NOT NULL,
        extended_at timestamptz NOT NULL,
        CONSTRAINT fk_retention_extensions_child FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
        CONSTRAINT fk_retention_extensions_by FOREIGN KEY (extended_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT ck_retention_extensions_later CHECK (extended_to > review_date)
      )`);
    await queryRunner.query(`CREATE INDEX ix_retention_extensions_child ON retention_extensions (child_id, retention_class, extended_to DESC)`);
    await queryRunner.query(`
      CREATE TABLE destroyed_entries (
        entry_id uuid PRIMARY KEY,
        child_id uuid NOT NULL,
        source_agency_id uuid NOT NULL,
        recorded_at timestamptz NOT NULL,
        event_date date NOT NULL,
        versions integer NOT NULL,
        retention_class text NOT NULL,
        certificate_id uuid NOT NULL,
        destroyed_at timestamptz NOT NULL,
        CONSTRAINT fk_destroyed_entries_entry FOREIGN KEY (entry_id) REFERENCES chronology_entries (id) ON DELETE RESTRICT,
        CONSTRAINT fk_destroyed_entries_certificate FOREIGN KEY (certificate_id) REFERENCES destruction_certificates (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query(`CREATE INDEX ix_destroyed_entries_child ON destroyed_entries (child_id)`);
    for (const table of ['destruction_certificates', 'retention_extensions', 'destroyed_entries']) {
      await queryRunner.query(`CREATE TRIGGER tr_${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION reject_modification()`);
      await queryRunner.query(`CREATE TRIGGER tr_${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION reject_modification()`);
    }
    await queryRunner.query(`ALTER TABLE chronology_entries DROP CONSTRAINT ck_chronology_entries_status`);
    await queryRunner.query(`ALTER TABLE chronology_entries ADD CONSTRAINT ck_chronology_entries_status CHECK (status IN ('current', 'amended', 'entered-in-error', 'destroyed'))`);

    // A standing hold covers the entry: on its child, on its recording agency, or on everything.
    await queryRunner.query(`
      CREATE FUNCTION entry_under_legal_hold(entry uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM legal_holds h JOIN chronology_entries e ON e.id = entry
                        WHERE h.lifted_at IS NULL AND (h.scope = 'all' OR h.child_id = e.child_id OR h.agency_id = e.source_agency_id))
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION reject_version_change_unless_destroyed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE'
           AND EXISTS (SELECT 1 FROM destruction_certificates c WHERE OLD.entry_id = ANY (c.entry_ids))
           AND NOT entry_under_legal_hold(OLD.entry_id) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`DROP TRIGGER tr_entry_versions_append_only ON chronology_entry_versions`);
    await queryRunner.query(`
      CREATE TRIGGER tr_entry_versions_append_only BEFORE UPDATE OR DELETE ON chronology_entry_versions
      FOR EACH ROW EXECUTE FUNCTION reject_version_change_unless_destroyed()`);
    // Runs as the owner: the server's role has no DELETE on versions, and gets only this one way to destroy, for a certificate it has written.
    await queryRunner.query(`
      CREATE FUNCTION destroy_entries(certificate uuid) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        ids uuid[] := (SELECT entry_ids FROM destruction_certificates WHERE id = certificate);
        removed integer;
        held uuid;
      BEGIN
        IF ids IS NULL THEN
          RAISE EXCEPTION 'no destruction certificate %', certificate USING ERRCODE = 'no_data_found';
        END IF;
        SELECT e INTO held FROM unnest(ids) AS e WHERE entry_under_legal_hold(e) LIMIT 1;
        IF held IS NOT NULL THEN
          RAISE EXCEPTION 'entry % is under a legal hold', held USING ERRCODE = 'insufficient_privilege';
        END IF;
        DELETE FROM entry_disputes WHERE entry_id = ANY (ids);
        DELETE FROM chronology_entry_versions WHERE entry_id = ANY (ids);
        GET DIAGNOSTICS removed = ROW_COUNT;
        UPDATE chronology_entries SET status = 'destroyed' WHERE id = ANY (ids);
        RETURN removed;
      END $$`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION destroy_entries(uuid) FROM PUBLIC`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION destroy_entries(uuid) TO chronicle_app`);
    await queryRunner.query(`GRANT SELECT, INSERT ON legal_holds, destruction_certificates, retention_extensions, destroyed_entries TO chronicle_app`);
    await queryRunner.query(`GRANT UPDATE (lifted_at, lifted_by_id, lift_reason) ON legal_holds TO chronicle_app`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tr_entry_versions_append_only ON chronology_entry_versions`);
    await queryRunner.query(`
      CREATE TRIGGER tr_entry_versions_append_only BEFORE UPDATE OR DELETE ON chronology_entry_versions
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`);
    await queryRunner.query(`DROP FUNCTION destroy_entries(uuid)`);
    await queryRunner.query(`DROP FUNCTION reject_version_change_unless_destroyed()`);
    await queryRunner.query(`DROP FUNCTION entry_under_legal_hold(uuid)`);
    await queryRunner.query(`ALTER TABLE chronology_entries DROP CONSTRAINT ck_chronology_entries_status`);
    await queryRunner.query(`ALTER TABLE chronology_entries ADD CONSTRAINT ck_chronology_entries_status CHECK (status IN ('current', 'amended', 'entered-in-error'))`);
    await queryRunner.query(`DROP TABLE destroyed_entries, retention_extensions, destruction_certificates, legal_holds`);
  }
}
