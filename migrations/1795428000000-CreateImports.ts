import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agencies' chronologies imported from CSV and Excel. `imports` holds each upload: whose, for which
 * child, the file's name, SHA-256 and rows, and its bytes only until it is committed or expires (the
 * preview reads them again with each mapping tried); a committed import keeps the ids of the entries
 * it recorded, and an agency commits one file once per child (ux_imports_committed_file).
 * `import_mappings` keeps each agency's column mapping and event words, to reuse with its next file.
 */
export class CreateImports1795428000000 implements MigrationInterface {
  name = 'CreateImports1795428000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE imports (
        id uuid PRIMARY KEY,
        child_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        uploaded_by_id uuid NOT NULL,
        uploaded_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        file_name text NOT NULL,
        media_type text,
        worksheet text,
        sha256 text NOT NULL,
        rows integer NOT NULL,
        file_bytes bytea,
        committed_at timestamptz,
        entry_ids uuid[],
        CONSTRAINT fk_imports_child FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
        CONSTRAINT fk_imports_agency FOREIGN KEY (agency_id) REFERENCES agencies (id) ON DELETE RESTRICT,
        CONSTRAINT fk_imports_uploaded_by FOREIGN KEY (uploaded_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT ck_imports_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        CONSTRAINT ck_imports_committed CHECK ((committed_at IS NULL) = (entry_ids IS NULL)),
        CONSTRAINT ck_imports_bytes_until_committed CHECK (committed_at IS NULL OR file_bytes IS NULL)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX ux_imports_committed_file ON imports (child_id, agency_id, sha256) WHERE committed_at IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX ix_imports_pending_expiry ON imports (expires_at) WHERE committed_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE import_mappings (
        agency_id uuid PRIMARY KEY,
        columns jsonb NOT NULL,
        event_types jsonb NOT NULL,
        updated_by_id uuid NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT fk_import_mappings_agency FOREIGN KEY (agency_id) REFERENCES agencies (id) ON DELETE CASCADE,
        CONSTRAINT fk_import_mappings_updated_by FOREIGN KEY (updated_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query(`GRANT SELECT, INSERT, DELETE ON imports TO chronicle_app`);
    await queryRunner.query(`GRANT UPDATE (file_bytes, committed_at, entry_ids) ON imports TO chronicle_app`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE ON import_mappings TO chronicle_app`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE import_mappings`);
    await queryRunner.query(`DROP TABLE imports`);
  }
}
