import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Storage of the development identity provider (demo mode only): its signing key and its sign-in
 * state, so demo tokens survive a restart and several demo instances share one provider.
 */
export class CreateDevIdentityProviderStore1763859600000 implements MigrationInterface {
  name = 'CreateDevIdentityProviderStore1763859600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE dev_idp_store (
        model text NOT NULL,
        id text NOT NULL,
        payload jsonb NOT NULL,
        grant_id text,
        uid text,
        expires_at timestamptz,
        consumed_at timestamptz,
        CONSTRAINT pk_dev_idp_store PRIMARY KEY (model, id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_dev_idp_store_grant ON dev_idp_store (grant_id) WHERE grant_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX ix_dev_idp_store_uid ON dev_idp_store (uid) WHERE uid IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX ix_dev_idp_store_expires ON dev_idp_store (expires_at) WHERE expires_at IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE dev_idp_store`);
  }
}
