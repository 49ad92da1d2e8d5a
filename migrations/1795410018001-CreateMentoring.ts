import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A mentoring charity's own records of its work with a child: matches (a mentor and a child, from
 * when to when and why it ended), meetings (held or missed, how long) and the mentor's notes of
 * conversations. Who may read them is the access policy's `Mentoring` and `MentoringNote` rules;
 * the shared chronology learns of a match or a meeting only through the entries the charity adds.
 */
export class CreateMentoring1795410018001 implements MigrationInterface {
  name = 'CreateMentoring1795410018001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE mentoring_matches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        mentor_id uuid NOT NULL,
        starts_on date NOT NULL,
        ends_on date,
        end_reason text,
        created_at timestamptz NOT NULL,
        CONSTRAINT fk_mentoring_matches_child FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE CASCADE,
        CONSTRAINT fk_mentoring_matches_agency FOREIGN KEY (agency_id) REFERENCES agencies (id) ON DELETE RESTRICT,
        CONSTRAINT fk_mentoring_matches_mentor FOREIGN KEY (mentor_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT ck_mentoring_matches_end CHECK ((ends_on IS NULL AND end_reason IS NULL) OR (ends_on >= starts_on AND end_reason IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX ix_mentoring_matches_child ON mentoring_matches (child_id, starts_on)`);
    await queryRunner.query(`
      CREATE TABLE mentoring_meetings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        match_id uuid NOT NULL,
        held_on date NOT NULL,
        held boolean NOT NULL,
        minutes integer,
        recorded_by_id uuid NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT fk_mentoring_meetings_match FOREIGN KEY (match_id) REFERENCES mentoring_matches (id) ON DELETE CASCADE,
        CONSTRAINT fk_mentoring_meetings_recorded_by FOREIGN KEY (recorded_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT ck_mentoring_meetings_minutes CHECK ((held AND minutes BETWEEN 1 AND 1440) OR (NOT held AND minutes IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX ix_mentoring_meetings_match ON mentoring_meetings (match_id, held_on)`);
    await queryRunner.query(`
      CREATE TABLE mentoring_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        match_id uuid NOT NULL,
        text text NOT NULL,
        written_by_id uuid NOT NULL,
        written_at timestamptz NOT NULL,
        CONSTRAINT fk_mentoring_notes_match FOREIGN KEY (match_id) REFERENCES mentoring_matches (id) ON DELETE CASCADE,
        CONSTRAINT fk_mentoring_notes_written_by FOREIGN KEY (written_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query(`CREATE INDEX ix_mentoring_notes_match ON mentoring_notes (match_id, written_at)`);
    await queryRunner.query(`GRANT SELECT, INSERT ON mentoring_matches, mentoring_meetings, mentoring_notes TO chronicle_app`);
    await queryRunner.query(`GRANT UPDATE (ends_on, end_reason) ON mentoring_matches TO chronicle_app`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE mentoring_notes`);
    await queryRunner.query(`DROP TABLE mentoring_meetings`);
    await queryRunner.query(`DROP TABLE mentoring_matches`);
  }
}
