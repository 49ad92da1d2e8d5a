import { MigrationInterface, QueryRunner } from 'typeorm';

/** How far ahead the server may have partitions made (audit.ensure_partitions). */
const MAX_MONTHS_AHEAD = 3;

/** Every column of audit.events but `id` and `occurred_at`: what the server may write. */
const APP_WRITTEN_EVENT_COLUMNS = [
  'actor_subject',
  'actor_agency',
  'actor_role',
  'action',
  'outcome',
  'child_id',
  'entry_ids',
  'fields',
  'purpose',
  'lawful_basis',
  'relationship',
  'access_claim_id',
  'break_glass',
  'correlation_id',
  'client_address',
  'details',
];

/**
 * The audit trail moves into its own schema, owned by a role the application never logs in as:
 *
 * - `chronicle_audit_owner` (NOLOGIN) owns schema `audit`. The application's role is not the owner,
 *   so PostgreSQL itself refuses it UPDATE, DELETE and TRUNCATE; triggers refuse them to the owner
 *   as a second line.
 * - `chronicle_app` (NOLOGIN) holds exactly the privileges the running server needs; the login the
 *   server connects as is made a member of it (docs/deployment.md). On the audit trail that is
 *   SELECT, INSERT of everything but an event's number and time, and the one function that makes
 *   this month's and the next few months' partitions.
 * - `audit.events` is partitioned by month, so it can grow to tens of millions of rows and old
 *   months can be archived whole.
 * - `audit.chain` links every event, in commit order, into a SHA-256 hash chain. The link is made by
 *   a deferred trigger at commit time under an advisory lock, so concurrent writers serialise only
 *   for the commit itself and a transaction that rolls back (or whose connection dies) leaves no
 *   event and no link.
 * - `audit.checkpoints` holds signed copies of the chain head, for verification against a copy an
 *   operator keeps elsewhere.
 *
 * Roles are cluster-wide, so they are created only if missing and never dropped by `down`.
 */
export class CreateTamperEvidentAuditTrail1795392000000 implements MigrationInterface {
  name = 'CreateTamperEvidentAuditTrail1795392000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      DECLARE
        role_name text;
      BEGIN
        FOREACH role_name IN ARRAY ARRAY['chronicle_audit_owner', 'chronicle_app'] LOOP
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
            BEGIN
              EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
            EXCEPTION
              -- Another database on the same server created it at the same moment.
              WHEN duplicate_object OR unique_violation THEN NULL;
              WHEN insufficient_privilege THEN
                RAISE EXCEPTION 'Role % does not exist and the migrating role % may not create it', role_name, current_user
                  USING HINT = 'Ask the database administrator to create roles chronicle_audit_owner and chronicle_app (NOLOGIN), see docs/deployment.md';
            END;
          END IF;
        END LOOP;
        -- Handing tables to the audit owner needs membership of it (superusers have it implicitly).
        IF NOT pg_has_role(current_user, 'chronicle_audit_owner', 'USAGE') THEN
          EXECUTE format('GRANT chronicle_audit_owner TO %I', current_user);
        END IF;
      END $$`);

    await queryRunner.query(`CREATE SCHEMA audit AUTHORIZATION chronicle_audit_owner`);
    await queryRunner.query(`REVOKE ALL ON SCHEMA audit FROM PUBLIC`);

    await queryRunner.query(`
      CREATE TABLE audit.events (
        id bigint GENERATED ALWAYS AS IDENTITY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_subject text,
        actor_agency text,
        actor_role text,
        action text NOT NULL,
        outcome text NOT NULL,
        child_id uuid,
        entry_ids uuid[] NOT NULL DEFAULT '{}',
        fields text[] NOT NULL DEFAULT '{}',
        purpose text NOT NULL,
        lawful_basis text,
        relationship text,
        access_claim_id uuid,
        break_glass boolean NOT NULL DEFAULT false,
        correlation_id text,
        client_address text,
        details jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT pk_audit_events PRIMARY KEY (id, occurred_at),
        CONSTRAINT ck_audit_events_outcome CHECK (outcome IN ('success', 'denied', 'failed')),
        CONSTRAINT ck_audit_events_purpose CHECK (purpose IN ('case-work', 'break-glass', 'audit', 'administration', 'legal-proceedings', 'care-coordination', 'subject-access', 'authentication', 'system')),
        CONSTRAINT ck_audit_events_relationship CHECK (relationship IS NULL OR relationship IN ('involved', 'self-claimed', 'emergency', 'none'))
      ) PARTITION BY RANGE (occurred_at)`);
    // The DPO's questions: by child, by user, by agency, by action, by date; newest first, paged by (occurred_at, id).
    await queryRunner.query(`CREATE INDEX ix_audit_events_time ON audit.events (occurred_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX ix_audit_events_child_time ON audit.events (child_id, occurred_at DESC, id DESC) WHERE child_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX ix_audit_events_actor_time ON audit.events (actor_subject, occurred_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX ix_audit_events_agency_time ON audit.events (actor_agency, occurred_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX ix_audit_events_action_time ON audit.events (action, occurred_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX ix_audit_events_claim ON audit.events (access_claim_id) WHERE access_claim_id IS NOT NULL`);
    // Catches an insert for a month whose partition is missing, so the audit write (and the request) still succeeds.
    await queryRunner.query(`CREATE TABLE audit.events_default PARTITION OF audit.events DEFAULT`);

    await queryRunner.query(`
      CREATE TABLE audit.chain (
        seq bigint NOT NULL,
        event_id bigint NOT NULL,
        event_occurred_at timestamptz NOT NULL,
        event_hash bytea NOT NULL,
        hash bytea NOT NULL,
        CONSTRAINT pk_audit_chain PRIMARY KEY (seq),
        CONSTRAINT uq_audit_chain_event UNIQUE (event_id),
        CONSTRAINT ck_audit_chain_seq CHECK (seq >= 1),
        CONSTRAINT ck_audit_chain_hashes CHECK (octet_length(event_hash) = 32 AND octet_length(hash) = 32)
      )`);

    await queryRunner.query(`
      CREATE TABLE audit.checkpoints (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        seq bigint NOT NULL,
        hash bytea NOT NULL,
        created_at timestamptz NOT NULL,
        key_id text NOT NULL,
        signature bytea NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX ix_audit_checkpoints_seq ON audit.checkpoints (seq DESC)`);

    // The event's content in a fixed, time-zone-independent form. A new column means a new digest version.
    await queryRunner.query(`
      CREATE FUNCTION audit.event_digest(e audit.events) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT sha256(convert_to(jsonb_build_array(
          'chronicle-audit-event/v1', e.id, (extract(epoch FROM e.occurred_at) * 1000000)::bigint,
          e.actor_subject, e.actor_agency, e.actor_role, e.action, e.outcome, e.child_id, e.entry_ids, e.fields,
          e.purpose, e.lawful_basis, e.relationship, e.access_claim_id, e.break_glass, e.correlation_id, e.client_address, e.details
        )::text, 'UTF8'))
      $$`);
    // Link n is sha256(link n-1 || n || digest of event n); link 0 is 32 zero bytes.
    await queryRunner.query(`
      CREATE FUNCTION audit.link_hash(previous bytea, seq bigint, event_hash bytea) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT sha256(COALESCE(previous, '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) || int8send(seq) || event_hash)
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION audit.link_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        head record;
        next_seq bigint;
        digest bytea := audit.event_digest(NEW);
      BEGIN
        -- Held until this transaction commits: the next writer links to this one.
        PERFORM pg_advisory_xact_lock(hashtextextended('chronicle:audit-chain', 0));
        SELECT c.seq, c.hash INTO head FROM audit.chain c ORDER BY c.seq DESC LIMIT 1;
        next_seq := COALESCE(head.seq, 0) + 1;
        INSERT INTO audit.chain (seq, event_id, event_occurred_at, event_hash, hash)
        VALUES (next_seq, NEW.id, NEW.occurred_at, digest, audit.link_hash(head.hash, next_seq, digest));
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER tr_audit_events_link AFTER INSERT ON audit.events
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit.link_event()`);

    for (const table of ['audit.events', 'audit.chain', 'audit.checkpoints']) {
      const name = table.replace('.', '_');
      await queryRunner.query(`CREATE TRIGGER tr_${name}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION public.reject_modification()`);
      await queryRunner.query(`CREATE TRIGGER tr_${name}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION public.reject_modification()`);
    }
    await queryRunner.query(`CREATE TRIGGER tr_audit_events_default_no_truncate BEFORE TRUNCATE ON audit.events_default FOR EACH STATEMENT EXECUTE FUNCTION public.reject_modification()`);

    // Monthly partitions (UTC months) for every month from first_month's to last_month's. The owner's
    // tool for loading or restoring history; the server is not granted it. It runs as the audit owner
    // so every partition belongs to that role, whoever of its members calls it. Creating a partition
    // waits for a lock on audit.events that every insert then queues behind, so it gives up after a
    // moment rather than stall the writers behind a long query.
    await queryRunner.query(`
      CREATE FUNCTION audit.create_partitions(first_month date, last_month date) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '2s' AS $$
      DECLARE
        month_start date := date_trunc('month', first_month)::date;
        partition_name text;
        created integer := 0;
      BEGIN
        IF first_month IS NULL OR last_month IS NULL OR last_month < first_month THEN
          RAISE EXCEPTION 'first_month and last_month must be given, first_month not after last_month' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended('chronicle:audit-partitions', 0));
        WHILE month_start <= last_month LOOP
          partition_name := 'events_' || to_char(month_start, 'YYYY_MM');
          IF to_regclass('audit.' || partition_name) IS NULL THEN
            EXECUTE format('CREATE TABLE audit.%I PARTITION OF audit.events FOR VALUES FROM (%L) TO (%L)',
              partition_name, month_start::text || ' 00:00:00+00', (month_start + interval '1 month')::date::text || ' 00:00:00+00');
            EXECUTE format('CREATE TRIGGER tr_%s_no_truncate BEFORE TRUNCATE ON audit.%I FOR EACH STATEMENT EXECUTE FUNCTION public.reject_modification()',
              partition_name, partition_name);
            created := created + 1;
          END IF;
          month_start := (month_start + interval '1 month')::date;
        END LOOP;
        RETURN created;
      END $$`);
    // What the server may ask for: this UTC month and at most three after it, so whatever it passes it
    // can neither create partitions by the thousand nor reach into the past.
    await queryRunner.query(`
      CREATE FUNCTION audit.ensure_partitions(months_ahead integer) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        this_month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
      BEGIN
        IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > ${MAX_MONTHS_AHEAD} THEN
          RAISE EXCEPTION 'months_ahead must be between 0 and ${MAX_MONTHS_AHEAD}' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        RETURN audit.create_partitions(this_month, (this_month + make_interval(months => months_ahead))::date);
      END $$`);

    for (const fn of ['audit.event_digest(audit.events)', 'audit.link_hash(bytea, bigint, bytea)', 'audit.link_event()', 'audit.create_partitions(date, date)', 'audit.ensure_partitions(integer)']) {
      await queryRunner.query(`ALTER FUNCTION ${fn} OWNER TO chronicle_audit_owner`);
      await queryRunner.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
    }
    for (const table of ['audit.events', 'audit.events_default', 'audit.chain', 'audit.checkpoints']) {
      await queryRunner.query(`ALTER TABLE ${table} OWNER TO chronicle_audit_owner`);
    }

    await this.moveExistingEvents(queryRunner);
    await queryRunner.query(`DROP TABLE public.audit_events`);
    await this.grantApplicationPrivileges(queryRunner);
  }

  /** Events recorded before this migration keep their ids and times and are linked into the chain in id order. */
  private async moveExistingEvents(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `SELECT audit.create_partitions(COALESCE((SELECT min(occurred_at) FROM public.audit_events), now())::date, (now() + make_interval(months => ${MAX_MONTHS_AHEAD}))::date)`,
    );
    await queryRunner.query(`
      INSERT INTO audit.events (id, occurred_at, actor_subject, actor_agency, actor_role, action, outcome, child_id, entry_ids,
                                purpose, relationship, access_claim_id, break_glass, correlation_id, client_address, details)
      OVERRIDING SYSTEM VALUE
      SELECT id, occurred_at, actor_subject, actor_agency, actor_role, action, outcome, child_id, entry_ids,
             CASE WHEN details->>'relationship' = 'emergency' THEN 'break-glass'
                  WHEN actor_role = 'data-protection-officer' THEN 'audit'
                  WHEN actor_role = 'administrator' THEN 'administration'
                  WHEN action LIKE 'auth.%' THEN 'authentication'
                  WHEN actor_subject IS NULL THEN 'system'
                  ELSE 'case-work' END,
             details->>'relationship', (details->>'claimId')::uuid, details->>'relationship' = 'emergency',
             correlation_id, client_address, details - 'relationship' - 'claimId'
        FROM public.audit_events ORDER BY id`);
    await queryRunner.query(`SELECT setval(pg_get_serial_sequence('audit.events', 'id'), GREATEST((SELECT max(id) FROM audit.events), 1))`);
  }

  private async grantApplicationPrivileges(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`GRANT USAGE ON SCHEMA audit TO chronicle_app`);
    await queryRunner.query(`GRANT SELECT ON audit.events, audit.chain, audit.checkpoints TO chronicle_app`);
    // An event's number and time come from the database (its identity and its clock), never from the
    // server, so the server can neither backdate an event nor choose where it falls among the others.
    await queryRunner.query(`GRANT INSERT (${APP_WRITTEN_EVENT_COLUMNS.join(', ')}) ON audit.events TO chronicle_app`);
    await queryRunner.query(`GRANT INSERT (seq, hash, created_at, key_id, signature) ON audit.checkpoints TO chronicle_app`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION audit.ensure_partitions(integer), audit.event_digest(audit.events), audit.link_hash(bytea, bigint, bytea) TO chronicle_app`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO chronicle_app`);
    // Evidence tables are append-only for the application as well as by trigger.
    await queryRunner.query(`GRANT SELECT, INSERT ON agencies, children, child_identifiers, chronology_entry_versions, sharing_decisions, access_claims TO chronicle_app`);
    // The rest, only in the columns the server changes: an entry's pointer to its current version, the
    // end of an involvement, a practitioner kept in step with the identity provider (TypeORM's upsert
    // sets its conflict column, the subject, to itself, and the update time).
    await queryRunner.query(`GRANT SELECT, INSERT ON chronology_entries, involvements, practitioners TO chronicle_app`);
    await queryRunner.query(`GRANT UPDATE (status, current_version) ON chronology_entries TO chronicle_app`);
    await queryRunner.query(`GRANT UPDATE (ends_on) ON involvements TO chronicle_app`);
    await queryRunner.query(`GRANT UPDATE (subject, name, email, job_title, agency_id, role, updated_at) ON practitioners TO chronicle_app`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON http_sessions, dev_idp_store TO chronicle_app`);
    // So a server given only its own login can tell whether the database is migrated (src/database/migrate.ts).
    await queryRunner.query(`GRANT SELECT ON migrations TO chronicle_app`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM chronicle_app`);
    await queryRunner.query(`REVOKE ALL ON SCHEMA public FROM chronicle_app`);
    await queryRunner.query(`
      CREATE TABLE public.audit_events (
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
    await queryRunner.query(`
      INSERT INTO public.audit_events (id, occurred_at, actor_subject, actor_agency, actor_role, action, outcome, child_id, entry_ids, correlation_id, client_address, details)
      OVERRIDING SYSTEM VALUE
      SELECT id, occurred_at, actor_subject, actor_agency, actor_role, action, outcome, child_id, entry_ids, correlation_id, client_address,
             details || jsonb_strip_nulls(jsonb_build_object('relationship', relationship, 'claimId', access_claim_id))
        FROM audit.events ORDER BY id`);
    await queryRunner.query(`SELECT setval(pg_get_serial_sequence('public.audit_events', 'id'), GREATEST((SELECT max(id) FROM public.audit_events), 1))`);
    await queryRunner.query(`CREATE INDEX ix_audit_events_child_time ON public.audit_events (child_id, occurred_at DESC)`);
    await queryRunner.query(`CREATE INDEX ix_audit_events_actor_time ON public.audit_events (actor_subject, occurred_at DESC)`);
    await queryRunner.query(`CREATE TRIGGER tr_audit_events_append_only BEFORE UPDATE OR DELETE ON public.audit_events FOR EACH ROW EXECUTE FUNCTION reject_modification()`);
    await queryRunner.query(`CREATE TRIGGER tr_audit_events_no_truncate BEFORE TRUNCATE ON public.audit_events FOR EACH STATEMENT EXECUTE FUNCTION reject_modification()`);
    await queryRunner.query(`DROP SCHEMA audit CASCADE`);
  }
}
