import { MigrationInterface, QueryRunner } from 'typeorm';

const APPEND_ONLY = ['subject_access_extensions', 'subject_access_exemptions', 'subject_access_releases', 'subject_access_packs'];

/**
 * Subject access (UK GDPR Art. 15): each request for a child's records (who asked, in what
 * capacity, when it was received; its due date is worked out from that and its extensions, never
 * stored), each extension with its reason, the recording agency's exemptions of its entries, the
 * data protection officer's release of an entry that names other people (with the reason, for
 * one request), and each pack produced (its checksum and exactly which entry versions it showed,
 * not its bytes). All but a request's status are append-only: they are the evidence of how a
 * request was answered.
 */
export class CreateSubjectAccess1795417200000 implements MigrationInterface {
  name = 'CreateSubjectAccess1795417200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE subject_access_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL,
        requester_name text NOT NULL,
        capacity text NOT NULL,
        received_on date NOT NULL,
        notes text,
        status text NOT NULL DEFAULT 'open',
        closed_at timestamptz,
        recorded_by_id uuid NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT fk_subject_access_requests_child FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
        CONSTRAINT fk_subject_access_requests_recorded_by FOREIGN KEY (recorded_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT ck_subject_access_requests_capacity CHECK (capacity IN ('young-person', 'parental-responsibility', 'representative')),
        CONSTRAINT ck_subject_access_requests_status CHECK (status IN ('open', 'completed', 'withdrawn')),
        CONSTRAINT ck_subject_access_requests_closed CHECK ((status = 'open') = (closed_at IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX ix_subject_access_requests_child ON subject_access_requests (child_id, received_on DESC)`);
    await queryRunner.query(`CREATE INDEX ix_subject_access_requests_open ON subject_access_requests (received_on) WHERE status = 'open'`);
    await queryRunner.query(`
      CREATE TABLE subject_access_extensions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL,
        months integer NOT NULL,
        reason text NOT NULL,
        extended_by_id uuid NOT NULL,
        extended_at timestamptz NOT NULL,
        CONSTRAINT fk_subject_access_extensions_request FOREIGN KEY (request_id) REFERENCES subject_access_requests (id) ON DELETE RESTRICT,
        CONSTRAINT fk_subject_access_extensions_by FOREIGN KEY (extended_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT ck_subject_access_extensions_months CHECK (months IN (1, 2))
      )`);
    await queryRunner.query(`CREATE INDEX ix_subject_access_extensions_request ON subject_access_extensions (request_id)`);
    await queryRunner.query(`
      CREATE TABLE subject_access_exemptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entry_id uuid NOT NULL,
        exemption text NOT NULL,
        reason text NOT NULL,
        marked_by_id uuid NOT NULL,
        marked_at timestamptz NOT NULL,
        CONSTRAINT fk_subject_access_exemptions_entry FOREIGN KEY (entry_id) REFERENCES chronology_entries (id) ON DELETE RESTRICT,
        CONSTRAINT fk_subject_access_exemptions_by FOREIGN KEY (marked_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT
      )`);
    // The latest marking of an entry is the one in force.
    await queryRunner.query(`CREATE INDEX ix_subject_access_exemptions_entry ON subject_access_exemptions (entry_id, marked_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE subject_access_releases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL,
        entry_id uuid NOT NULL,
        reason text NOT NULL,
        released_by_id uuid NOT NULL,
        released_at timestamptz NOT NULL,
        CONSTRAINT uq_subject_access_releases UNIQUE (request_id, entry_id),
        CONSTRAINT fk_subject_access_releases_request FOREIGN KEY (request_id) REFERENCES subject_access_requests (id) ON DELETE RESTRICT,
        CONSTRAINT fk_subject_access_releases_entry FOREIGN KEY (entry_id) REFERENCES chronology_entries (id) ON DELETE RESTRICT,
        CONSTRAINT fk_subject_access_releases_by FOREIGN KEY (released_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query(`
      CREATE TABLE subject_access_packs (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL,
        child_id uuid NOT NULL,
        format text NOT NULL,
        produced_by_id uuid NOT NULL,
        produced_at timestamptz NOT NULL,
        entries jsonb NOT NULL,
        withheld jsonb NOT NULL,
        sha256 text NOT NULL,
        bytes integer NOT NULL,
        CONSTRAINT fk_subject_access_packs_request FOREIGN KEY (request_id) REFERENCES subject_access_requests (id) ON DELETE RESTRICT,
        CONSTRAINT fk_subject_access_packs_child FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
        CONSTRAINT fk_subject_access_packs_by FOREIGN KEY (produced_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT ck_subject_access_packs_format CHECK (format IN ('pdf', 'json')),
        CONSTRAINT ck_subject_access_packs_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$')
      )`);
    await queryRunner.query(`CREATE INDEX ix_subject_access_packs_request ON subject_access_packs (request_id, produced_at)`);
    for (const table of APPEND_ONLY) {
      await queryRunner.query(`CREATE TRIGGER tr_${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION reject_modification()`);
      await queryRunner.query(`CREATE TRIGGER tr_${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION reject_modification()`);
    }
    await queryRunner.query(`GRANT SELECT, INSERT ON subject_access_requests, ${APPEND_ONLY.join(', ')} TO chronicle_app`);
    await queryRunner.query(`GRANT UPDATE (status, closed_at) ON subject_access_requests TO chronicle_app`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE subject_access_packs, subject_access_releases, subject_access_exemptions, subject_access_extensions, subject_access_requests`);
  }
}
