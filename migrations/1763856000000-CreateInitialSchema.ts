import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInitialSchema1763856000000 implements MigrationInterface {
  name = 'CreateInitialSchema1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE agencies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        type text NOT NULL,
        contact text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_agencies_code UNIQUE (code),
        CONSTRAINT ck_agencies_type CHECK (type IN ('health', 'education', 'police', 'social-work', 'third-sector'))
      )`);

    await queryRunner.query(`
      CREATE TABLE practitioners (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject text NOT NULL,
        name text NOT NULL,
        email text,
        job_title text,
        agency_id uuid NOT NULL,
        role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_practitioners_subject UNIQUE (subject),
        CONSTRAINT fk_practitioners_agency FOREIGN KEY (agency_id) REFERENCES agencies (id) ON DELETE RESTRICT,
        CONSTRAINT ck_practitioners_role CHECK (role IN ('practitioner', 'manager', 'reviewing-officer', 'data-protection-officer', 'administrator'))
      )`);
    await queryRunner.query(`CREATE INDEX ix_practitioners_agency ON practitioners (agency_id)`);

    await queryRunner.query(`
      CREATE TABLE children (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        given_name text NOT NULL,
        family_name text NOT NULL,
        known_as text,
        date_of_birth date NOT NULL,
        created_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fk_children_created_by FOREIGN KEY (created_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query(`CREATE INDEX ix_children_family_name ON children (lower(family_name))`);
    await queryRunner.query(`CREATE INDEX ix_children_date_of_birth ON children (date_of_birth)`);

    await queryRunner.query(`
      CREATE TABLE child_identifiers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL,
        scheme text NOT NULL,
        value text NOT NULL,
        CONSTRAINT fk_child_identifiers_child FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
        CONSTRAINT uq_child_identifiers_scheme_value UNIQUE (scheme, value),
        CONSTRAINT ck_child_identifiers_scheme CHECK (scheme IN ('chi', 'nhs', 'scn', 'police-ref'))
      )`);
    await queryRunner.query(`CREATE INDEX ix_child_identifiers_child ON child_identifiers (child_id)`);

    await queryRunner.query(`
      CREATE TABLE involvements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL,
        practitioner_id uuid NOT NULL,
        capacity text NOT NULL,
        starts_on date NOT NULL,
        ends_on date,
        created_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fk_involvements_child FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
        CONSTRAINT fk_involvements_practitioner FOREIGN KEY (practitioner_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT fk_involvements_created_by FOREIGN KEY (created_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT ck_involvements_period CHECK (ends_on IS NULL OR ends_on >= starts_on)
      )`);
    await queryRunner.query(`CREATE INDEX ix_involvements_practitioner_child ON involvements (practitioner_id, child_id)`);
    await queryRunner.query(`CREATE INDEX ix_involvements_child ON involvements (child_id)`);

    await queryRunner.query(`
      CREATE TABLE chronology_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL,
        source_agency_id uuid NOT NULL,
        author_id uuid NOT NULL,
        recorded_at timestamptz NOT NULL,
        status text NOT NULL,
        current_version integer NOT NULL,
        CONSTRAINT fk_chronology_entries_child FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
        CONSTRAINT fk_chronology_entries_agency FOREIGN KEY (source_agency_id) REFERENCES agencies (id) ON DELETE RESTRICT,
        CONSTRAINT fk_chronology_entries_author FOREIGN KEY (author_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT ck_chronology_entries_status CHECK (status IN ('current', 'amended', 'entered-in-error')),
        CONSTRAINT ck_chronology_entries_version CHECK (current_version >= 1)
      )`);
    await queryRunner.query(`CREATE INDEX ix_chronology_entries_child ON chronology_entries (child_id)`);

    await queryRunner.query(`
      CREATE TABLE chronology_entry_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entry_id uuid NOT NULL,
        version_number integer NOT NULL,
        change text NOT NULL,
        change_reason text,
        changed_by_id uuid NOT NULL,
        changed_at timestamptz NOT NULL,
        event_date date NOT NULL,
        event_end_date date,
        date_precision text NOT NULL,
        event_time text,
        event_type text NOT NULL,
        wellbeing_indicators text[] NOT NULL DEFAULT '{}',
        summary text NOT NULL,
        detail text,
        significant boolean NOT NULL,
        nature text NOT NULL,
        impact_on_child text,
        action_taken text,
        no_action_reason text,
        outcome text,
        professional_analysis text,
        child_view text,
        information_source text NOT NULL,
        source_reference text,
        sensitivity text NOT NULL,
        lawful_basis text,
        names_third_parties boolean NOT NULL,
        CONSTRAINT fk_entry_versions_entry FOREIGN KEY (entry_id) REFERENCES chronology_entries (id) ON DELETE RESTRICT,
        CONSTRAINT fk_entry_versions_changed_by FOREIGN KEY (changed_by_id) REFERENCES practitioners (id) ON DELETE RESTRICT,
        CONSTRAINT uq_entry_versions_entry_version UNIQUE (entry_id, version_number),
        CONSTRAINT ck_entry_versions_change CHECK (change IN ('created', 'amended', 'entered-in-error')),
        CONSTRAINT ck_entry_versions_reason CHECK (change = 'created' OR change_reason IS NOT NULL),
        CONSTRAINT ck_entry_versions_precision CHECK (date_precision IN ('day', 'month', 'year', 'approximate')),
        CONSTRAINT ck_entry_versions_period CHECK (event_end_date IS NULL OR event_end_date >= event_date),
        CONSTRAINT ck_entry_versions_nature CHECK (nature IN ('positive', 'negative', 'neutral')),
        CONSTRAINT ck_entry_versions_source CHECK (information_source IN ('first-hand', 'reported')),
        CONSTRAINT ck_entry_versions_sensitivity CHECK (sensitivity IN ('standard', 'sensitive', 'restricted'))
      )`);
    await queryRunner.query(`CREATE INDEX ix_entry_versions_event_date ON chronology_entry_versions (event_date)`);

    // History is evidence: once written, a version is never changed or removed, whatever the application does.
    await queryRunner.query(`
      CREATE FUNCTION reject_modification() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tr_entry_versions_append_only BEFORE UPDATE OR DELETE ON chronology_entry_versions
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`);
    await queryRunner.query(`
      CREATE TRIGGER tr_entry_versions_no_truncate BEFORE TRUNCATE ON chronology_entry_versions
      FOR EACH STATEMENT EXECUTE FUNCTION reject_modification()`);

    await queryRunner.query(`
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_subject text,
        actor_agency text,
        actor_role text,
        action text NOT NULL,
        outcome text NOT NULL,
        child_id uuid,
        entry_ids uuid[] NOT NULL DEFAULT '{}',
        correlation_id text,
        client_address text,
        details jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT ck_audit_events_outcome CHECK (outcome IN ('success', 'denied', 'failed'))
      )`);
    await queryRunner.query(`CREATE INDEX ix_audit_events_child_time ON audit_events (child_id, occurred_at DESC)`);
    await queryRunner.query(`CREATE INDEX ix_audit_events_actor_time ON audit_events (actor_subject, occurred_at DESC)`);
    await queryRunner.query(`
      CREATE TRIGGER tr_audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`);
    await queryRunner.query(`
      CREATE TRIGGER tr_audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION reject_modification()`);

    // Browser sessions and OIDC login state (PKCE verifier, state, nonce) live here, so any instance can serve any request.
    await queryRunner.query(`
      CREATE TABLE http_sessions (
        sid varchar NOT NULL PRIMARY KEY,
        sess json NOT NULL,
        expire timestamp(6) NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX ix_http_sessions_expire ON http_sessions (expire)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE http_sessions`);
    await queryRunner.query(`DROP TABLE audit_events`);
    await queryRunner.query(`DROP TABLE chronology_entry_versions`);
    await queryRunner.query(`DROP FUNCTION reject_modification()`);
    await queryRunner.query(`DROP TABLE chronology_entries`);
    await queryRunner.query(`DROP TABLE involvements`);
    await queryRunner.query(`DROP TABLE child_identifiers`);
    await queryRunner.query(`DROP TABLE children`);
    await queryRunner.query(`DROP TABLE practitioners`);
    await queryRunner.query(`DROP TABLE agencies`);
  }
}
