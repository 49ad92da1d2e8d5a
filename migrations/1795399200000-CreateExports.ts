import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each printed chronology, recorded with everything needed to produce it again: who, when, for
 * whom and why, the filters and audience profile applied, the title block as printed, and exactly
 * which entry versions it took account of and how it showed each (`entries`: entry id, version,
 * shown), with the SHA-256 of the document. No notice is stored as text: a document made again
 * words its notices for whoever asks. Append-only: the record of a disclosure is evidence.
 */
export class CreateExports1795399200000 implements MigrationInterface {
  name = 'CreateExports1795399200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE exports (
        id uuid PRIMARY KEY,
        child_id uuid NOT NULL,
        produced_by_id uuid NOT NULL,
        produced_at timestamptz NOT NULL,
        audience jsonb NOT NULL,
        purpose text NOT NULL,
        purpose_of_use text NOT NULL,
        produced_for text NOT NULL,
        lawful_basis text NOT NULL,
        filters jsonb NOT NULL,
        entries jsonb NOT NULL,
        title_block jsonb NOT NULL,
        policy_sha256 text NOT NULL,
        sha256 text NOT NULL,
        pages integer NOT NULL,
        bytes integer NOT NULL,
        CONSTRAINT fk_exports_child FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
        CONSTRAINT fk_exports_produced_by FOREIGN KEY (produced_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT ck_exports_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        CONSTRAINT ck_exports_size CHECK (pages >= 1 AND bytes >= 1)
      )`);
    await queryRunner.query(`CREATE INDEX ix_exports_child ON exports (child_id, produced_at DESC)`);
    await queryRunner.query(`CREATE TRIGGER tr_exports_append_only BEFORE UPDATE OR DELETE ON exports FOR EACH ROW EXECUTE FUNCTION reject_modification()`);
    await queryRunner.query(`CREATE TRIGGER tr_exports_no_truncate BEFORE TRUNCATE ON exports FOR EACH STATEMENT EXECUTE FUNCTION reject_modification()`);
    await queryRunner.query(`GRANT SELECT, INSERT ON exports TO chronicle_app`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE exports`);
  }
}
