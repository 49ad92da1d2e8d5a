import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A data subject's dispute of an entry (UK GDPR Art. 16 and 18), in their own words, recorded by
 * a data protection officer on their behalf, and the recording agency's answer: amended (the entry
 * was amended since, through the usual amendment with its reason) or upheld, with the reason.
 * While a dispute is open the entry is under restricted processing. The dispute itself is never
 * changed or removed; only its answer is written, once (the service writes it where none is).
 */
export class CreateEntryDisputes1795420800000 implements MigrationInterface {
  name = 'CreateEntryDisputes1795420800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE entry_disputes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entry_id uuid NOT NULL,
        child_id uuid NOT NULL,
        words text NOT NULL,
        disputed_by text NOT NULL,
        capacity text NOT NULL,
        version_disputed integer NOT NULL,
        recorded_by_id uuid NOT NULL,
        recorded_at timestamptz NOT NULL,
        outcome text,
        answer_reason text,
        answered_by_id uuid,
        answered_at timestamptz,
        CONSTRAINT fk_entry_disputes_entry FOREIGN KEY (entry_id) REFERENCES chronology_entries (id) ON DELETE RESTRICT,
        CONSTRAINT fk_entry_disputes_child FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
        CONSTRAINT fk_entry_disputes_recorded_by FOREIGN KEY (recorded_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT fk_entry_disputes_answered_by FOREIGN KEY (answered_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT ck_entry_disputes_capacity CHECK (capacity IN ('young-person', 'parental-responsibility', 'representative')),
        CONSTRAINT ck_entry_disputes_outcome CHECK (outcome IS NULL OR outcome IN ('amended', 'upheld')),
        CONSTRAINT ck_entry_disputes_answer CHECK ((outcome IS NULL) = (answer_reason IS NULL) AND (outcome IS NULL) = (answered_by_id IS NULL) AND (outcome IS NULL) = (answered_at IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX ix_entry_disputes_entry ON entry_disputes (entry_id, recorded_at)`);
    await queryRunner.query(`CREATE INDEX ix_entry_disputes_open ON entry_disputes (recorded_at) WHERE outcome IS NULL`);
    await queryRunner.query(`GRANT SELECT, INSERT ON entry_disputes TO chronicle_app`);
    await queryRunner.query(`GRANT UPDATE (outcome, answer_reason, answered_by_id, answered_at) ON entry_disputes TO chronicle_app`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE entry_disputes`);
  }
}
