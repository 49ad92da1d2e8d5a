import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sharing decisions (an entry shared beyond its default audience, or a refusal to share) and
 * claimed or emergency access to a child. Both are evidence a data protection officer relies on,
 * so both are append-only like the audit trail.
 */
export class CreateSharingDecisionsAndAccessClaims1763942400000 implements MigrationInterface {
  name = 'CreateSharingDecisionsAndAccessClaims1763942400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sharing_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entry_id uuid NOT NULL,
        child_id uuid NOT NULL,
        recipient_agency_id uuid NOT NULL,
        decision text NOT NULL,
        purpose text NOT NULL,
        necessity text,
        lawful_basis text,
        family_informed boolean NOT NULL,
        family_not_informed_reason text,
        family_views text,
        decided_by_id uuid NOT NULL,
        decided_at timestamptz NOT NULL,
        CONSTRAINT fk_sharing_decisions_entry FOREIGN KEY (entry_id) REFERENCES chronology_entries (id) ON DELETE RESTRICT,
        CONSTRAINT fk_sharing_decisions_child FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
        CONSTRAINT fk_sharing_decisions_recipient FOREIGN KEY (recipient_agency_id) REFERENCES agencies (id) ON DELETE RESTRICT,
        CONSTRAINT fk_sharing_decisions_decided_by FOREIGN KEY (decided_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT ck_sharing_decisions_decision CHECK (decision IN ('shared', 'refused')),
        CONSTRAINT ck_sharing_decisions_shared_basis CHECK (decision = 'refused' OR (lawful_basis IS NOT NULL AND necessity IS NOT NULL)),
        CONSTRAINT ck_sharing_decisions_family CHECK (family_informed OR family_not_informed_reason IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE INDEX ix_sharing_decisions_entry_recipient ON sharing_decisions (entry_id, recipient_agency_id) WHERE decision = 'shared'`);
    await queryRunner.query(`CREATE INDEX ix_sharing_decisions_child ON sharing_decisions (child_id, decided_at)`);
    await queryRunner.query(`
      CREATE TRIGGER tr_sharing_decisions_append_only BEFORE UPDATE OR DELETE ON sharing_decisions
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`);
    await queryRunner.query(`
      CREATE TRIGGER tr_sharing_decisions_no_truncate BEFORE TRUNCATE ON sharing_decisions
      FOR EACH STATEMENT EXECUTE FUNCTION reject_modification()`);

    await queryRunner.query(`
      CREATE TABLE access_claims (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL,
        practitioner_id uuid NOT NULL,
        kind text NOT NULL,
        reason text NOT NULL,
        granted_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT fk_access_claims_child FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
        CONSTRAINT fk_access_claims_practitioner FOREIGN KEY (practitioner_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT ck_access_claims_kind CHECK (kind IN ('self-claimed', 'emergency')),
        CONSTRAINT ck_access_claims_period CHECK (expires_at > granted_at)
      )`);
    await queryRunner.query(`CREATE INDEX ix_access_claims_practitioner_child ON access_claims (practitioner_id, child_id, expires_at DESC)`);
    await queryRunner.query(`CREATE INDEX ix_access_claims_granted ON access_claims (granted_at DESC)`);
    await queryRunner.query(`
      CREATE TRIGGER tr_access_claims_append_only BEFORE UPDATE OR DELETE ON access_claims
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`);
    await queryRunner.query(`
      CREATE TRIGGER tr_access_claims_no_truncate BEFORE TRUNCATE ON access_claims
      FOR EACH STATEMENT EXECUTE FUNCTION reject_modification()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE access_claims`);
    await queryRunner.query(`DROP TABLE sharing_decisions`);
  }
}
