import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The data protection officer's review of each claimed or emergency access: one per claim,
 * append-only like the claim itself, so the review record is evidence too.
 */
export class CreateAccessClaimReviews1795395600000 implements MigrationInterface {
  name = 'CreateAccessClaimReviews1795395600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE access_claim_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        claim_id uuid NOT NULL,
        outcome text NOT NULL,
        notes text NOT NULL,
        reviewed_by_id uuid NOT NULL,
        reviewed_at timestamptz NOT NULL,
        CONSTRAINT uq_access_claim_reviews_claim UNIQUE (claim_id),
        CONSTRAINT fk_access_claim_reviews_claim FOREIGN KEY (claim_id) REFERENCES access_claims (id) ON DELETE RESTRICT,
        CONSTRAINT fk_access_claim_reviews_reviewer FOREIGN KEY (reviewed_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT ck_access_claim_reviews_outcome CHECK (outcome IN ('appropriate', 'inappropriate', 'referred'))
      )`);
    await queryRunner.query(`
      CREATE TRIGGER tr_access_claim_reviews_append_only BEFORE UPDATE OR DELETE ON access_claim_reviews
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`);
    await queryRunner.query(`
      CREATE TRIGGER tr_access_claim_reviews_no_truncate BEFORE TRUNCATE ON access_claim_reviews
      FOR EACH STATEMENT EXECUTE FUNCTION reject_modification()`);
    await queryRunner.query(`GRANT SELECT, INSERT ON access_claim_reviews TO chronicle_app`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE access_claim_reviews`);
  }
}
