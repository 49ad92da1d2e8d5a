import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditPrivilegesCheck, AuditPrivilegesError } from '../../src/audit/audit-privileges.check';
import { migrateWithServerRole, MigrationsPendingError, runMigrations } from '../../src/database/migrate';
import { quoteIdentifier } from '../../src/database/sql-identifier';
import { urlForLogin } from '../../src/database/database-roles';
import { PractitionersService } from '../../src/practitioners/practitioners.service';
import { USERS } from '../support/fixtures';
import { startServerProcess } from '../support/server-process';
import { createScratchDatabase, dropScratchDatabase, startTestApp, TEST_RUNTIME_LOGIN, TestApp } from '../support/test-app';

describe("the server's database role", () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0' } });
  });

  afterAll(async () => {
    await testApp?.close();
  });

  it.each([
    ['chronology_entries', 'status = status'],
    ['chronology_entries', 'current_version = current_version'],
    ['involvements', 'ends_on = ends_on'],
    ['practitioners', 'name = name, email = email, job_title = job_title, agency_id = agency_id, role = role, updated_at = updated_at'],
  ])('may change %s: %s', async (table, assignments) => {
    // PostgreSQL checks the privilege on every column named even when no row matches: a column the server may not update fails here.
    await expect(testApp.dataSource.query(`UPDATE ${table} SET ${assignments} WHERE false`)).resolves.toEqual([[], 0]);
    const columns = assignments.split(', ').map((assignment) => assignment.split(' = ')[0]);
    const [{ updatable }] = await testApp.dataSource.query<{ updatable: boolean[] }[]>(
      `SELECT array_agg(has_column_privilege(current_user, $1, column_name, 'UPDATE')) AS updatable FROM unnest($2::text[]) AS column_name`,
      [table, columns],
    );
    expect(updatable).toEqual(columns.map(() => true));
  });

  it("keeps a practitioner in step with the identity provider's claims (TypeORM's upsert) within those columns", async () => {
    const practitioners = testApp.app.get(PractitionersService);
    const existing = (await practitioners.findBySubject(USERS.teacher))!;
    const renamed = await practitioners.syncFromIdentity({
      subject: existing.subject,
      name: `${existing.name} (renamed)`,
      email: existing.email,
      jobTitle: 'Depute head teacher',
      agencyId: existing.agencyId,
      role: existing.role,
    });
    expect(renamed).toMatchObject({ id: existing.id, name: `${existing.name} (renamed)`, jobTitle: 'Depute head teacher' });
  });

  it.each([
    ['chronology_entries', 'child_id = child_id'],
    ['chronology_entries', 'author_id = author_id'],
    ['chronology_entries', 'recorded_at = recorded_at'],
    ['involvements', 'starts_on = starts_on'],
    ['involvements', 'practitioner_id = practitioner_id'],
    ['practitioners', 'id = id'],
    ['practitioners', 'created_at = created_at'],
    ['children', 'given_name = given_name'],
  ])('may not change %s: %s', async (table, assignment) => {
    await expect(testApp.dataSource.query(`UPDATE ${table} SET ${assignment} WHERE false`)).rejects.toThrow(/permission denied/);
  });

  describe('checked at start-up, where production refuses a role that could alter the audit trail', () => {
    const login = `chronicle_check_${randomBytes(4).toString('hex')}`;
    let dataSource: DataSource;
    const check = () => new AuditPrivilegesCheck({ ...testApp.config, environment: 'production' }, dataSource).onApplicationBootstrap();
    const asAdministrator = (sql: string) => testApp.ownerQuery(sql);

    beforeAll(async () => {
      await asAdministrator(`CREATE ROLE ${quoteIdentifier(login)} LOGIN PASSWORD 'check' IN ROLE chronicle_app`);
      dataSource = await new DataSource({ type: 'postgres', url: urlForLogin(testApp.databaseUrl, login, 'check') }).initialize();
    });

    afterAll(async () => {
      await dataSource?.destroy();
      await asAdministrator(`DROP OWNED BY ${quoteIdentifier(login)}`);
      await asAdministrator(`DROP ROLE ${quoteIdentifier(login)}`);
    });

    it('accepts a member of chronicle_app with nothing more, as the server runs in the tests', async () => {
      await expect(check()).resolves.toBeUndefined();
      await expect(new AuditPrivilegesCheck({ ...testApp.config, environment: 'production' }, testApp.dataSource).onApplicationBootstrap()).resolves.toBeUndefined();
    });

    it.each([
      ['CREATEROLE', 'ALTER ROLE % CREATEROLE', 'ALTER ROLE % NOCREATEROLE'],
      ['BYPASSRLS', 'ALTER ROLE % BYPASSRLS', 'ALTER ROLE % NOBYPASSRLS'],
      ['member of chronicle_audit_owner', 'GRANT chronicle_audit_owner TO %', 'REVOKE chronicle_audit_owner FROM %'],
      ['UPDATE on audit.events', 'GRANT UPDATE (details) ON audit.events TO %', 'REVOKE UPDATE (details) ON audit.events FROM %'],
      ["INSERT of an event's id or time", 'GRANT INSERT (occurred_at) ON audit.events TO %', 'REVOKE INSERT (occurred_at) ON audit.events FROM %'],
      ['INSERT on audit.chain', 'GRANT INSERT ON audit.chain TO %', 'REVOKE INSERT ON audit.chain FROM %'],
      ['UPDATE on audit.chain', 'GRANT UPDATE (hash) ON audit.chain TO %', 'REVOKE UPDATE (hash) ON audit.chain FROM %'],
      ['DELETE on audit.chain', 'GRANT DELETE ON audit.chain TO %', 'REVOKE DELETE ON audit.chain FROM %'],
      ['TRUNCATE on audit.chain', 'GRANT TRUNCATE ON audit.chain TO %', 'REVOKE TRUNCATE ON audit.chain FROM %'],
      ['UPDATE on audit.checkpoints', 'GRANT UPDATE ON audit.checkpoints TO %', 'REVOKE UPDATE ON audit.checkpoints FROM %'],
      ['DELETE on audit.checkpoints', 'GRANT DELETE ON audit.checkpoints TO %', 'REVOKE DELETE ON audit.checkpoints FROM %'],
      ['TRUNCATE on audit.checkpoints', 'GRANT TRUNCATE ON audit.checkpoints TO %', 'REVOKE TRUNCATE ON audit.checkpoints FROM %'],
    ])('refuses a role that could alter the trail: %s', async (reason, grant, revoke) => {
      await asAdministrator(grant.replace('%', quoteIdentifier(login)));
      try {
        const refusal = check();
        await expect(refusal).rejects.toThrow(AuditPrivilegesError);
        await expect(refusal).rejects.toThrow(reason);
      } finally {
        await asAdministrator(revoke.replace('%', quoteIdentifier(login)));
      }
      await expect(check()).resolves.toBeUndefined();
    });
  });
});

describe('starting with DATABASE_URL alone (no DATABASE_MIGRATION_URL)', () => {
  let testApp: TestApp;
  const scratch: string[] = [];

  beforeAll(async () => {
    testApp = await startTestApp({ env: { AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0' } });
  });

  afterAll(async () => {
    for (const url of scratch) await dropScratchDatabase(url);
    await testApp?.close();
  });

  const runtimeUrlOf = (ownerUrl: string) => urlForLogin(ownerUrl, TEST_RUNTIME_LOGIN.login, TEST_RUNTIME_LOGIN.password);
  const migrateAsServer = (ownerUrl: string) => migrateWithServerRole(runtimeUrlOf(ownerUrl));

  it('serves when the database is already migrated, as the server role sees', async () => {
    await expect(migrateAsServer(testApp.databaseUrl)).resolves.toEqual([]);
    const server = await startServerProcess(testApp, { DATABASE_MIGRATION_URL: '' });
    try {
      await request(server.baseUrl).get('/health').expect(200);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('refuses to start on a database that was never migrated, saying how to migrate it', async () => {
    const fresh = await createScratchDatabase();
    scratch.push(fresh);
    const refusal = migrateAsServer(fresh);
    await expect(refusal).rejects.toThrow(MigrationsPendingError);
    await expect(refusal).rejects.toThrow(/CreateInitialSchema1763856000000.*DATABASE_MIGRATION_URL.*npm run migration:run/s);
  });

  it('refuses to start while a migration is pending, naming it', async () => {
    const behind = await createScratchDatabase();
    scratch.push(behind);
    await runMigrations(behind);
    const client = await new DataSource({ type: 'postgres', url: behind }).initialize();
    try {
      await client.query(`DROP TABLE exports`);
      await client.query(`DELETE FROM migrations WHERE name = 'CreateExports1795399200000'`);
    } finally {
      await client.destroy();
    }
    await expect(migrateAsServer(behind)).rejects.toThrow(/needs migrations \(CreateExports1795399200000\).*\(chronicle_test\)/);
    expect(await runMigrations(behind)).toEqual(['CreateExports1795399200000']);
    await expect(migrateAsServer(behind)).resolves.toEqual([]);
  });
});
