import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications of entries (one per recipient and entry version), the children a practitioner
 * follows (to hear of every new entry), and each user's choice of email. A notification holds ids
 * only: what it shows is decided afresh from the entry whenever it is read.
 */
export class CreateNotifications1795410018000 implements MigrationInterface {
  name = 'CreateNotifications1795410018000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_id uuid NOT NULL,
        child_id uuid NOT NULL,
        entry_id uuid NOT NULL,
        entry_version integer NOT NULL,
        reason text NOT NULL,
        created_at timestamptz NOT NULL,
        read_at timestamptz,
        emailed_at timestamptz,
        CONSTRAINT fk_notifications_recipient FOREIGN KEY (recipient_id) REFERENCES practitioners (id) ON DELETE CASCADE,
        CONSTRAINT fk_notifications_child FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE CASCADE,
        CONSTRAINT fk_notifications_entry FOREIGN KEY (entry_id) REFERENCES chronology_entries (id) ON DELETE CASCADE,
        CONSTRAINT uq_notifications_recipient_entry_version UNIQUE (recipient_id, entry_id, entry_version),
        CONSTRAINT ck_notifications_reason CHECK (reason IN ('significant', 'followed'))
      )`);
    await queryRunner.query(`CREATE INDEX ix_notifications_recipient ON notifications (recipient_id, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX ix_notifications_entry ON notifications (entry_id)`);
    await queryRunner.query(`
      CREATE TABLE child_follows (
        practitioner_id uuid NOT NULL,
        child_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT pk_child_follows PRIMARY KEY (practitioner_id, child_id),
        CONSTRAINT fk_child_follows_practitioner FOREIGN KEY (practitioner_id) REFERENCES practitioners (id) ON DELETE CASCADE,
        CONSTRAINT fk_child_follows_child FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX ix_child_follows_child ON child_follows (child_id)`);
    await queryRunner.query(`
      CREATE TABLE notification_preferences (
        practitioner_id uuid PRIMARY KEY,
        email boolean NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT fk_notification_preferences_practitioner FOREIGN KEY (practitioner_id) REFERENCES practitioners (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`GRANT SELECT, INSERT ON notifications TO chronicle_app`);
    await queryRunner.query(`GRANT UPDATE (read_at, emailed_at) ON notifications TO chronicle_app`);
    await queryRunner.query(`GRANT SELECT, INSERT, DELETE ON child_follows TO chronicle_app`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE ON notification_preferences TO chronicle_app`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notification_preferences`);
    await queryRunner.query(`DROP TABLE child_follows`);
    await queryRunner.query(`DROP TABLE notifications`);
  }
}
