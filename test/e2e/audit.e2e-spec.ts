import { execFile } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { AuditCheckpointsService } from '../../src/audit/audit-checkpoints.service';
import { CookieJar, signInThroughProvider, step } from '../../src/dev-idp/dev-login';
import { apiFor, createChildWithTeam, expectAppendOnly, practitionerId, USERS, validEntry } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const REASON = 'Out-of-hours child protection referral; the allocated worker is unavailable tonight.';
const CANARY = 'CANARY-AUDIT-CONTENT-7f3a';
const CHAIN_LOCK = `hashtextextended('chronicle:audit-chain', 0)`;

/** A copy of config/ whose audit reports fire in a small test: three children make unusual volume, and "now" is out of hours. */
function reportConfigDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronicle-audit-'));
  fs.cpSync(path.join(__dirname, '..', '..', 'config'), dir, { recursive: true });
  const settings = JSON.parse(fs.readFileSync(path.join(dir, 'audit-reports.json'), 'utf8'));
  settings.unusualVolume.distinctChildren = 3;
  const london = (offsetMinutes: number): string =>
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + offsetMinutes * 60_000));
  // A one-minute working day twelve hours away: whatever the test does now is out of hours.
  const start = london(12 * 60);
  settings.outOfHours = { timeZone: 'Europe/London', workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start, end: start < '23:59' ? london(12 * 60 + 1) : '23:59' };
  if (settings.outOfHours.end <= settings.outOfHours.start) settings.outOfHours = { ...settings.outOfHours, start: '00:00', end: '00:01' };
  fs.writeFileSync(path.join(dir, 'audit-reports.json'), JSON.stringify(settings));
  return dir;
}

interface Verification {
  valid: boolean;
  links: number;
  head: { seq: number; hash: string } | null;
  firstProblem: { kind: string; seq: number | null; eventId: string | null } | null;
  keptCheckpoint: { matches: boolean } | null;
}

async function verifyChainOf(testApp: TestApp, query = ''): Promise<Verification> {
  const response = await apiFor(testApp, USERS.dpo).get(`/api/audit/verify${query}`);
  expect(response.status).toBe(200);
  return response.body;
}

/** `npm run audit` against the test app's database as the server's own login; never throws, so exit codes can be asserted. */
function runAuditCli(testApp: TestApp, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'audit', '--', ...args],
      { cwd: path.join(__dirname, '..', '..'), env: { ...process.env, DATABASE_URL: testApp.config.database.url, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
    );
  });
}

/** Work done behind the application's back: as the owner, with triggers off (a superuser's powers). */
function tamperWith(testApp: TestApp, sql: string, parameters: unknown[] = []): Promise<unknown[]> {
  return testApp.asOwner(async (client) => {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    const result = await client.query(sql, parameters);
    await client.query('COMMIT');
    return result.rows;
  });
}

describe('audit trail', () => {
  let testApp: TestApp;
  let configDir: string;
  let checkpointFile: string;
  let childId: string;
  const dpo = () => apiFor(testApp, USERS.dpo);

  beforeAll(async () => {
    configDir = reportConfigDir();
    checkpointFile = path.join(configDir, 'checkpoints.jsonl');
    testApp = await startTestApp({ env: { CHRONICLE_CONFIG_DIR: configDir, AUDIT_CHECKPOINT_FILE: checkpointFile, AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0', TRUSTED_PROXIES: 'loopback' } });
    childId = await createChildWithTeam(testApp, [
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.police, capacity: 'police-contact' },
    ]);
    const created = await apiFor(testApp, USERS.police).post(`/api/children/${childId}/entries`, validEntry({ summary: `Police concern ${CANARY}`, eventType: 'concern-raised' }));
    expect(created.status).toBe(201);
    expect((await apiFor(testApp, USERS.healthVisitor).get(`/api/children/${childId}/chronology`)).status).toBe(200);
    expect((await dpo().post('/api/audit/checkpoints')).status).toBe(201);
  });

  afterAll(async () => {
    await testApp?.close();
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  const verifyChain = (query = ''): Promise<Verification> => verifyChainOf(testApp, query);
  const tamper = (sql: string, parameters: unknown[] = []): Promise<unknown[]> => tamperWith(testApp, sql, parameters);

  const rowAsJson = async (table: string, where: string, parameters: unknown[]): Promise<unknown> =>
    (await testApp.ownerQuery<{ row: unknown }>(`SELECT to_jsonb(t) AS row FROM ${table} t WHERE ${where}`, parameters))[0].row;

  const restore = (table: string, row: unknown): Promise<unknown> =>
    tamper(`INSERT INTO ${table} OVERRIDING SYSTEM VALUE SELECT * FROM jsonb_populate_record(NULL::${table}, $1)`, [row]);

  describe('what is recorded', () => {
    it('records the configuration each instance started with: the digest of every policy file, no secrets', async () => {
      const [event] = await testApp.dataSource.query<{ details: { files: { file: string; sha256: string }[]; demoMode: boolean }; purpose: string; actor_subject: string | null }[]>(
        `SELECT details, purpose, actor_subject FROM audit.events WHERE action = 'configuration.load' ORDER BY id DESC LIMIT 1`,
      );
      const digest = (name: string) => createHash('sha256').update(fs.readFileSync(path.join(configDir, name))).digest('hex');
      expect(event).toMatchObject({ purpose: 'system', actor_subject: null });
      expect(event.details.files).toEqual(
        expect.arrayContaining([
          { file: 'access-policy.json', sha256: digest('access-policy.json') },
          { file: 'event-types.json', sha256: digest('event-types.json') },
          { file: 'audit-reports.json', sha256: digest('audit-reports.json') },
        ]),
      );
      const text = JSON.stringify(event);
      expect(text).not.toContain(testApp.config.session.secret);
      expect(text).not.toContain(testApp.config.oidc.clientSecret);
    });

    it('records writes and reads with the entries and fields concerned, the purpose and the request, never the content', async () => {
      const events = await testApp.dataSource.query<{ action: string; actor_subject: string; fields: string[]; purpose: string; correlation_id: string; client_address: string; details: unknown }[]>(
        `SELECT action, actor_subject, fields, purpose, correlation_id, client_address, details FROM audit.events WHERE child_id = $1 AND action IN ('entry.create', 'chronology.read') ORDER BY id`,
        [childId],
      );
      expect(events.map((event) => [event.action, event.actor_subject])).toEqual([
        ['entry.create', USERS.police],
        ['chronology.read', USERS.healthVisitor],
      ]);
      for (const event of events) {
        expect(event).toMatchObject({ purpose: 'case-work', correlation_id: expect.any(String), client_address: expect.stringContaining('127.0.0.1') });
        expect(event.fields).toContain('summary');
      }
      expect(JSON.stringify(events)).not.toContain(CANARY);
    });

    it('records the client address a proxy named in TRUSTED_PROXIES forwards, and never a forwarded value that is not an address', async () => {
      const token = await testApp.tokenFor(USERS.dpo);
      const addressFor = async (forwardedFor: string): Promise<string | null> => {
        const response = await request(testApp.baseUrl).get('/api/audit/events?limit=1').set('Authorization', `Bearer ${token}`).set('X-Forwarded-For', forwardedFor);
        expect(response.status).toBe(200);
        const [event] = await testApp.dataSource.query<{ client_address: string | null }[]>(`SELECT client_address FROM audit.events WHERE correlation_id = $1`, [response.headers['x-correlation-id']]);
        return event.client_address;
      };
      expect(await addressFor('203.0.113.9')).toBe('203.0.113.9');
      expect(await addressFor('not-an-ip, 203.0.113.9')).toBe('203.0.113.9');
      expect(await addressFor("not-an-ip'; DROP TABLE x")).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
    });

    it("records team changes with the caller's relationship to the child, as every other action on a child", async () => {
      const admin = apiFor(testApp, USERS.admin);
      const child = await createChildWithTeam(testApp, []);
      const added = await admin.post(`/api/children/${child}/team`, { practitionerId: await practitionerId(testApp, USERS.mentor), capacity: 'mentor', startsOn: '2025-01-01' });
      expect(added.status).toBe(201);
      expect((await admin.post(`/api/children/${child}/team/${added.body.id}/end`, { endsOn: '2025-06-30' })).status).toBe(201);
      const events = await testApp.dataSource.query<{ action: string; relationship: string | null; access_claim_id: string | null; break_glass: boolean; purpose: string }[]>(
        `SELECT action, relationship, access_claim_id, break_glass, purpose FROM audit.events WHERE child_id = $1 AND action LIKE 'team.%' ORDER BY id`,
        [child],
      );
      // The administrator is on no child's team: the relationship is recorded as none, not left out.
      const administrator = { relationship: 'none', access_claim_id: null, break_glass: false, purpose: 'administration' };
      expect(events).toEqual([
        { action: 'team.add', ...administrator },
        { action: 'team.end', ...administrator },
      ]);
    });

    it('links every committed event into the chain, in one unbroken sequence', async () => {
      const [counts] = await testApp.dataSource.query<{ events: number; links: number; first: number; last: number }[]>(
        `SELECT (SELECT count(*)::int FROM audit.events) AS events, count(*)::int AS links, min(seq)::int AS first, max(seq)::int AS last FROM audit.chain`,
      );
      expect(counts.links).toBe(counts.events);
      expect([counts.first, counts.last]).toEqual([1, counts.links]);
    });
  });

  describe('a sign-in', () => {
    it('is recorded before its session exists: when its event cannot be written, nobody is signed in', async () => {
      await testApp.ownerQuery(`
        CREATE FUNCTION audit.test_refuse_sign_in() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.action = 'auth.login' AND NEW.outcome = 'success' THEN RAISE EXCEPTION 'the audit trail is unavailable'; END IF;
          RETURN NEW;
        END $$`);
      await testApp.ownerQuery(`CREATE TRIGGER tr_test_refuse_sign_in BEFORE INSERT ON audit.events FOR EACH ROW EXECUTE FUNCTION audit.test_refuse_sign_in()`);
      try {
        const jar = new CookieJar();
        const start = await step(`${testApp.baseUrl}/auth/login?returnTo=/api/me`, jar);
        const callback = await signInThroughProvider(start.location!, USERS.teacher, jar, `${testApp.baseUrl}/auth/callback`);
        const completed = await step(callback, jar);
        expect(completed.response.status).toBe(500);
        const cookie = jar.get(testApp.config.session.cookieName);
        if (cookie) await request(testApp.baseUrl).get('/api/me').set('Cookie', `${testApp.config.session.cookieName}=${cookie}`).expect(401);
        const [{ count }] = await testApp.ownerQuery<{ count: number }>(`SELECT count(*)::int AS count FROM http_sessions WHERE sess->'identity'->'claims'->>'sub' = $1`, [USERS.teacher]);
        expect(count).toBe(0);
      } finally {
        await testApp.ownerQuery(`DROP TRIGGER tr_test_refuse_sign_in ON audit.events`);
        await testApp.ownerQuery(`DROP FUNCTION audit.test_refuse_sign_in()`);
      }
    });
  });

  describe('append-only, enforced by PostgreSQL', () => {
    it("runs the server as a role that is neither superuser nor the audit trail's owner", async () => {
      const [role] = await testApp.dataSource.query<{ superuser: boolean; owner: boolean; update: boolean; insertAction: boolean; insertId: boolean; insertTime: boolean }[]>(
        `SELECT rolsuper AS superuser, pg_has_role(current_user, 'chronicle_audit_owner', 'MEMBER') AS owner,
                has_any_column_privilege('audit.events', 'UPDATE') AS update, has_column_privilege('audit.events', 'action', 'INSERT') AS "insertAction",
                has_column_privilege('audit.events', 'id', 'INSERT') AS "insertId", has_column_privilege('audit.events', 'occurred_at', 'INSERT') AS "insertTime"
           FROM pg_roles WHERE rolname = current_user`,
      );
      expect(role).toEqual({ superuser: false, owner: false, update: false, insertAction: true, insertId: false, insertTime: false });
    });

    it("does not let the server choose an event's number or time (backdating), nor a checkpoint's number", async () => {
      const refused = [
        `INSERT INTO audit.events (occurred_at, action, outcome, purpose) VALUES (now() - interval '1 year', 'child.read', 'success', 'case-work')`,
        `INSERT INTO audit.events (id, action, outcome, purpose) OVERRIDING SYSTEM VALUE VALUES (1, 'child.read', 'success', 'case-work')`,
        `INSERT INTO audit.checkpoints (id, seq, hash, created_at, key_id, signature) OVERRIDING SYSTEM VALUE VALUES (1, 1, sha256(''), now(), 'k', '')`,
      ];
      for (const statement of refused) await expect(testApp.dataSource.query(statement)).rejects.toThrow(/permission denied/);
      // The demo's month of history was written by the database owner, with its times (docs/audit.md); nothing else is older than today.
      const [{ count }] = await testApp.ownerQuery<{ count: number }>(
        `SELECT count(*)::int AS count FROM audit.events WHERE occurred_at < now() - interval '1 day' AND NOT (details ? 'demoHistory')`,
      );
      expect(count).toBe(0);
    });

    it.each([
      [`UPDATE audit.events SET action = 'rewritten'`],
      [`DELETE FROM audit.events`],
      [`TRUNCATE audit.events`],
      [`UPDATE audit.chain SET hash = sha256(hash)`],
      [`DELETE FROM audit.chain`],
      [`TRUNCATE audit.chain`],
      [`UPDATE audit.checkpoints SET seq = seq + 1`],
      [`DELETE FROM audit.checkpoints`],
    ])('refuses %s to the server (no privilege) and to the owner (trigger)', async (statement) => {
      await expectAppendOnly(testApp, statement);
    });

    it('refuses the owner a TRUNCATE of one monthly partition too', async () => {
      const [{ partition }] = await testApp.ownerQuery<{ partition: string }>(`SELECT 'audit.events_' || to_char(now() AT TIME ZONE 'UTC', 'YYYY_MM') AS partition`);
      await expect(testApp.ownerQuery(`TRUNCATE ${partition}`)).rejects.toThrow(/append-only/);
    });

    it('lets the server have partitions made for this month and at most three ahead, and nothing else', async () => {
      const ensure = (monthsAhead: number) => testApp.dataSource.query<{ created: number }[]>(`SELECT audit.ensure_partitions($1) AS created`, [monthsAhead]);
      await expect(ensure(4)).rejects.toThrow(/between 0 and 3/);
      await expect(ensure(-1)).rejects.toThrow(/between 0 and 3/);
      await expect(testApp.dataSource.query(`SELECT audit.create_partitions('1990-01-01', '2200-01-01')`)).rejects.toThrow(/permission denied/);
      await expect(testApp.dataSource.query(`SELECT audit.ensure_partitions('2000-01-01'::date, 3)`)).rejects.toThrow(/does not exist/);
      expect(await ensure(3)).toEqual([{ created: 0 }]);
      const [{ partitions }] = await testApp.ownerQuery<{ partitions: string[] }>(
        `SELECT array_agg(c.relname::text ORDER BY c.relname) AS partitions FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit.events'::regclass`,
      );
      const month = (ahead: number) => {
        const now = new Date();
        const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1));
        return `events_${date.getUTCFullYear()}_${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
      };
      expect(partitions).toEqual(expect.arrayContaining([0, 1, 2, 3].map(month)));
      expect(partitions).not.toContain(month(4));
    });

    it('gives up making a partition after a moment while a long query holds audit.events, rather than stall every writer queued behind it', async () => {
      const now = new Date();
      const ahead = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 1));
      const partition = `audit.events_${ahead.getUTCFullYear()}_${String(ahead.getUTCMonth() + 1).padStart(2, '0')}`;
      await testApp.ownerQuery(`DROP TABLE ${partition}`);
      await testApp.asOwner(async (client) => {
        await client.query('BEGIN');
        await client.query('LOCK TABLE audit.events IN ACCESS SHARE MODE');
        const started = Date.now();
        await expect(testApp.dataSource.query(`SELECT audit.ensure_partitions(3)`)).rejects.toThrow(/lock timeout/);
        expect(Date.now() - started).toBeLessThan(10_000);
        await client.query('ROLLBACK');
      });
      expect(await testApp.dataSource.query(`SELECT audit.ensure_partitions(3) AS created`)).toEqual([{ created: 1 }]);
    });

    it('does not let the server write a link of its own', async () => {
      await expect(testApp.dataSource.query(`INSERT INTO audit.chain (seq, event_id, event_occurred_at, event_hash, hash) VALUES (999999, 1, now(), sha256(''), sha256(''))`)).rejects.toThrow(
        /permission denied/,
      );
    });
  });

  describe('GET /api/audit/verify', () => {
    it('requires authentication', async () => {
      await request(testApp.baseUrl).get('/api/audit/verify').expect(401);
    });

    it('is for data protection officers only; a refusal is itself audited', async () => {
      const response = await apiFor(testApp, USERS.socialWorker).get('/api/audit/verify');
      expect(response.status).toBe(403);
      const [denial] = await testApp.dataSource.query<{ outcome: string }[]>(`SELECT outcome FROM audit.events WHERE correlation_id = $1`, [response.headers['x-correlation-id']]);
      expect(denial).toEqual({ outcome: 'denied' });
    });

    it('re-computes the chain and finds it whole; the check is audited', async () => {
      const result = await verifyChain();
      expect(result).toMatchObject({ valid: true, firstProblem: null, head: { seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
      expect(result.links).toBe(result.head!.seq);
      const [{ count }] = await testApp.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM audit.events WHERE action = 'audit.verify' AND actor_subject = $1`, [USERS.dpo]);
      expect(count).toBeGreaterThan(0);
    });

    it('rejects a malformed kept checkpoint with 400', async () => {
      expect((await dpo().get('/api/audit/verify?checkpointSeq=3&checkpointHash=xyz')).status).toBe(400);
      expect((await dpo().get('/api/audit/verify?checkpointSeq=0&checkpointHash=' + 'a'.repeat(64))).status).toBe(400);
      expect((await dpo().get('/api/audit/verify?fromSeq=-1')).status).toBe(400);
      // Past the end is a wrong starting point, not a tampered trail.
      const head = (await verifyChain()).head!.seq;
      const beyond = await dpo().get(`/api/audit/verify?fromSeq=${head + 1000}`);
      expect({ status: beyond.status, details: beyond.body.details }).toEqual({
        status: 400,
        details: [{ field: 'fromSeq', problem: expect.stringMatching(new RegExp(`^fromSeq ${head + 1000} is beyond the chain's last link \\(\\d+\\)$`)) }],
      });
      const cli = await runAuditCli(testApp, ['verify', '--from-seq', String(head + 1000)]);
      expect({ code: cli.code, stdout: cli.stdout, stderr: cli.stderr }).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining('is beyond the chain') });
    }, 30_000);

    /** The event linked at `seq`, and a way back to it. */
    const eventAt = async (seq: number): Promise<{ id: string; occurredAt: string }> =>
      (await testApp.ownerQuery<{ id: string; occurredAt: string }>(`SELECT event_id::text AS id, event_occurred_at::text AS "occurredAt" FROM audit.chain WHERE seq = $1`, [seq]))[0];

    it('detects an event edited in SQL, at its link', async () => {
      const event = await eventAt(3);
      const [{ action }] = await testApp.ownerQuery<{ action: string }>(`SELECT action FROM audit.events WHERE id = $1`, [event.id]);
      await tamper(`UPDATE audit.events SET action = 'nothing-to-see' WHERE id = $1`, [event.id]);
      expect((await verifyChain()).firstProblem).toEqual({ kind: 'content-mismatch', seq: 3, eventId: event.id, message: expect.any(String) });
      await tamper(`UPDATE audit.events SET action = $2 WHERE id = $1`, [event.id, action]);
      expect((await verifyChain()).valid).toBe(true);
    });

    it("does not take the audit schema's own functions on trust: an edit they are rewritten to hide is still found", async () => {
      const event = await eventAt(3);
      const [{ action }] = await testApp.ownerQuery<{ action: string }>(`SELECT action FROM audit.events WHERE id = $1`, [event.id]);
      // As the schema's owner (the migrating login) could: a digest that answers what the chain holds for a linked event.
      await tamper(`ALTER FUNCTION audit.event_digest(audit.events) RENAME TO event_digest_genuine`);
      await tamper(`
        CREATE FUNCTION audit.event_digest(e audit.events) RETURNS bytea LANGUAGE sql STABLE AS $$
          SELECT COALESCE((SELECT c.event_hash FROM audit.chain c WHERE c.event_id = e.id), audit.event_digest_genuine(e))
        $$`);
      try {
        await tamper(`UPDATE audit.events SET action = 'nothing-to-see' WHERE id = $1`, [event.id]);
        expect((await verifyChain()).firstProblem).toEqual({ kind: 'content-mismatch', seq: 3, eventId: event.id, message: expect.any(String) });
      } finally {
        await tamper(`UPDATE audit.events SET action = $2 WHERE id = $1`, [event.id, action]);
        await tamper(`DROP FUNCTION audit.event_digest(audit.events)`);
        await tamper(`ALTER FUNCTION audit.event_digest_genuine(audit.events) RENAME TO event_digest`);
      }
      expect((await verifyChain()).valid).toBe(true);
    });

    it('detects an event deleted in SQL', async () => {
      const event = await eventAt(4);
      const row = await rowAsJson('audit.events', 'id = $1', [event.id]);
      await tamper(`DELETE FROM audit.events WHERE id = $1`, [event.id]);
      expect((await verifyChain()).firstProblem).toMatchObject({ kind: 'missing-event', seq: 4, eventId: event.id });
      await restore('audit.events', row);
      expect((await verifyChain()).valid).toBe(true);
    });

    it('detects an event deleted together with its link, as a missing link', async () => {
      const event = await eventAt(5);
      const eventRow = await rowAsJson('audit.events', 'id = $1', [event.id]);
      const linkRow = await rowAsJson('audit.chain', 'seq = $1', [5]);
      await tamper(`DELETE FROM audit.events WHERE id = $1`, [event.id]);
      await tamper(`DELETE FROM audit.chain WHERE seq = 5`);
      expect((await verifyChain()).firstProblem).toMatchObject({ kind: 'missing-link', seq: 6 });
      await restore('audit.events', eventRow);
      await restore('audit.chain', linkRow);
      expect((await verifyChain()).valid).toBe(true);
    });

    it('detects an event inserted in SQL, which no link covers', async () => {
      const [{ id }] = (await tamper(
        `INSERT INTO audit.events (actor_subject, action, outcome, purpose, child_id) VALUES ('intruder', 'chronology.read', 'success', 'case-work', $1) RETURNING id::text AS id`,
        [childId],
      )) as { id: string }[];
      const result = await verifyChain();
      expect(result.valid).toBe(false);
      expect(result.firstProblem).toMatchObject({ kind: 'unlinked-event', seq: null, eventId: id });
      await tamper(`DELETE FROM audit.events WHERE id = $1`, [id]);
      expect((await verifyChain()).valid).toBe(true);
    });

    it('checks events either side of a vast gap in their ids without walking the gap, and finds an unlinked event beyond it', async () => {
      await testApp.ownerQuery(`SELECT setval(pg_get_serial_sequence('audit.events', 'id'), (SELECT max(id) FROM audit.events) + 1000000000000)`);
      expect((await apiFor(testApp, USERS.healthVisitor).get(`/api/children/${childId}/chronology`)).status).toBe(200);
      const started = Date.now();
      const result = await verifyChain();
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(result).toMatchObject({ valid: true, links: result.head!.seq });
      const [{ id }] = (await tamper(
        `INSERT INTO audit.events (id, actor_subject, action, outcome, purpose) OVERRIDING SYSTEM VALUE
         VALUES ((SELECT max(id) FROM audit.events) + 5000000000000, 'intruder', 'child.search', 'success', 'case-work') RETURNING id::text AS id`,
      )) as { id: string }[];
      expect((await verifyChain()).firstProblem).toMatchObject({ kind: 'unlinked-event', eventId: id });
      await tamper(`DELETE FROM audit.events WHERE id = $1`, [id]);
      expect((await verifyChain()).valid).toBe(true);
    });
  });

  describe('checkpoints', () => {
    it('signs the chain head with a key kept outside the database, publishes it in the log file, and lists it with the public key', async () => {
      const created = await dpo().post('/api/audit/checkpoints');
      expect(created.status).toBe(201);
      const checkpoint = created.body as { seq: number; hash: string; createdAt: string; keyId: string; signature: string };
      const [link] = await testApp.ownerQuery<{ hash: string }>(`SELECT encode(hash, 'hex') AS hash FROM audit.chain WHERE seq = $1`, [checkpoint.seq]);
      expect(checkpoint.hash).toBe(link.hash);

      const listed = await dpo().get('/api/audit/checkpoints');
      expect(listed.status).toBe(200);
      expect(listed.body.checkpoints[0]).toEqual(checkpoint);
      // Checked here with Node's own crypto and the documented message format, not the server's code.
      const message = Buffer.from(`chronicle-audit-checkpoint/v1\n${checkpoint.seq}\n${checkpoint.hash}\n${checkpoint.createdAt}`);
      expect(verify(null, message, createPublicKey(listed.body.publicKey), Buffer.from(checkpoint.signature, 'base64'))).toBe(true);
      expect(verify(null, Buffer.from(`${message.toString()}x`), createPublicKey(listed.body.publicKey), Buffer.from(checkpoint.signature, 'base64'))).toBe(false);

      const lines = fs.readFileSync(checkpointFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
      expect(lines[lines.length - 1]).toEqual({ type: 'chronicle-audit-checkpoint', ...checkpoint });

      const against = await verifyChain(`?checkpointSeq=${checkpoint.seq}&checkpointHash=${checkpoint.hash}`);
      expect(against).toMatchObject({ valid: true, keptCheckpoint: { matches: true } });
    });

    it('verifies from the command line too (npm run audit), against the kept checkpoint file: exit 0 when intact, 1 when not', async () => {
      const intact = await runAuditCli(testApp, ['verify', '--checkpoint', checkpointFile]);
      expect(intact.stdout).toContain('The audit trail is intact.');
      expect(intact.stdout).toMatch(/Kept checkpoint at link \d+: matches/);
      expect(intact.code).toBe(0);
      const rewritten = await runAuditCli(testApp, ['verify', '--checkpoint-seq', '1', '--checkpoint-hash', '0'.repeat(64)]);
      expect(rewritten.stdout).toContain('THE AUDIT TRAIL HAS BEEN ALTERED.');
      expect(rewritten.code).toBe(1);
      expect((await runAuditCli(testApp, ['verify', '--checkpoint-seq', '1'])).code).toBe(2);
      const [event] = await testApp.dataSource.query<{ details: { via: string; valid: boolean } }[]>(`SELECT details FROM audit.events WHERE action = 'audit.verify' ORDER BY id DESC LIMIT 1`);
      expect(event.details).toMatchObject({ via: 'cli', valid: false });
    }, 30_000);

    it('verifies signatures with the public key alone, and reads the checkpoint from a coloured server log', async () => {
      const publicKeyPem = (await dpo().get('/api/audit/checkpoints')).body.publicKey as string;
      const publicKeyFile = path.join(configDir, 'audit-public-key.pem');
      fs.writeFileSync(publicKeyFile, publicKeyPem);
      const [kept] = fs.readFileSync(checkpointFile, 'utf8').trim().split('\n').slice(-1);
      // As Nest's console logger writes it to a terminal, among other lines.
      const logFile = path.join(configDir, 'server.log');
      fs.writeFileSync(
        logFile,
        [
          `\u001b[32m[Nest] 4242  - \u001b[39m20/11/2026, 10:00:00 \u001b[32m    LOG\u001b[39m \u001b[33m[AuditCheckpoints]\u001b[39m \u001b[32mAUDIT CHECKPOINT ${kept}\u001b[39m\u001b[38;5;3m +2ms\u001b[39m`,
          `\u001b[32m[Nest] 4242  - \u001b[39m20/11/2026, 10:00:01 \u001b[32m    LOG\u001b[39m \u001b[33m[RoutesResolver]\u001b[39m \u001b[32mSomething else\u001b[39m`,
        ].join('\n'),
      );
      const noPrivateKey = { AUDIT_SIGNING_KEY_FILE: path.join(configDir, 'no-such-key.pem') };
      const rawKey = Buffer.from(createPublicKey(publicKeyPem).export({ format: 'jwk' }).x!, 'base64url').toString('base64');
      for (const key of [publicKeyFile, rawKey]) {
        const result = await runAuditCli(testApp, ['verify', '--checkpoint', logFile, '--public-key', key], noPrivateKey);
        expect(result.stdout).toMatch(/Kept checkpoint at link \d+: matches/);
        expect(result.stdout).toMatch(/Signed checkpoints in the database: (\d+) \(\1 with a valid signature\)/);
        expect(result.code).toBe(0);
      }
      const withoutAnyKey = await runAuditCli(testApp, ['verify'], noPrivateKey);
      expect(withoutAnyKey.code).toBe(2);
      expect(withoutAnyKey.stderr).toContain('does not exist');
      expect(fs.existsSync(noPrivateKey.AUDIT_SIGNING_KEY_FILE)).toBe(false);
      expect((await runAuditCli(testApp, ['verify', '--public-key', 'bm90IGEga2V5'])).code).toBe(2);
      const noKeyFile = await runAuditCli(testApp, ['verify', '--public-key', path.join(configDir, 'no-such-public-key.pem')]);
      expect({ code: noKeyFile.code, stderr: noKeyFile.stderr.trim() }).toEqual({ code: 2, stderr: expect.stringMatching(/^Public key file .*no-such-public-key\.pem does not exist$/) });
      const halfCheckpointFile = path.join(configDir, 'half-checkpoint.jsonl');
      fs.writeFileSync(halfCheckpointFile, '{"type":"chronicle-audit-checkpoint","seq":3}\n');
      const half = await runAuditCli(testApp, ['verify', '--checkpoint', halfCheckpointFile]);
      expect({ code: half.code, stderr: half.stderr.trim() }).toEqual({ code: 2, stderr: expect.stringContaining('is not a whole checkpoint') });
      // A kept checkpoint whose signature fails is reported as such, and not held against the intact chain.
      const forgedFile = path.join(configDir, 'forged-checkpoint.jsonl');
      const genuine = JSON.parse(kept) as { seq: number };
      fs.writeFileSync(forgedFile, `${JSON.stringify({ ...genuine, seq: genuine.seq - 1 })}\n`);
      const forged = await runAuditCli(testApp, ['verify', '--checkpoint', forgedFile, '--json']);
      expect(forged.code).toBe(1);
      expect((JSON.parse(forged.stdout) as { problems: { kind: string }[] }).problems.map((problem) => problem.kind)).toEqual(['checkpoint-signature-invalid']);
    }, 30_000);

    it('checkpoints from the command line, recording it in the trail', async () => {
      await dpo().get(`/api/audit/events?limit=1`);
      const result = await runAuditCli(testApp, ['checkpoint']);
      expect(result.code).toBe(0);
      const checkpoint = JSON.parse(result.stdout) as { type: string; seq: number };
      expect(checkpoint.type).toBe('chronicle-audit-checkpoint');
      const [event] = await testApp.dataSource.query<{ details: unknown }[]>(`SELECT details FROM audit.events WHERE action = 'audit.checkpoint' ORDER BY id DESC LIMIT 1`);
      expect(event.details).toEqual({ via: 'cli', seq: checkpoint.seq, created: true });
    }, 30_000);

    it('writes the record of an asked-for checkpoint on the checkpoint\'s own transaction: if the record fails, no checkpoint is made', async () => {
      await dpo().get(`/api/audit/events?limit=1`);
      const checkpoints = testApp.app.get(AuditCheckpointsService);
      const stored = async () => (await testApp.ownerQuery<{ count: number }>(`SELECT count(*)::int AS count FROM audit.checkpoints`))[0].count;
      const before = await stored();
      await expect(
        checkpoints.checkpointNow(async (manager) => {
          await manager.query(`SELECT 1 FROM audit.checkpoints`);
          throw new Error('the audit event could not be written');
        }),
      ).rejects.toThrow('the audit event could not be written');
      expect(await stored()).toBe(before);
      const made = await checkpoints.checkpointNow(() => Promise.resolve());
      expect(made.created).toBe(true);
      expect(await stored()).toBe(before + 1);
    });

    it('is refused to anyone but a data protection officer', async () => {
      expect((await apiFor(testApp, USERS.admin).post('/api/audit/checkpoints')).status).toBe(403);
      expect((await apiFor(testApp, USERS.admin).get('/api/audit/checkpoints')).status).toBe(403);
    });
  });

  describe('the data protection officer\'s queries', () => {
    let claimId: string;
    let chi: string;

    beforeAll(async () => {
      chi = `${Date.now()}`.slice(-10);
      const admin = apiFor(testApp, USERS.admin);
      expect((await admin.post(`/api/children/${childId}/team`, { practitionerId: (await testApp.dataSource.query<{ id: string }[]>(`SELECT id FROM practitioners WHERE subject = $1`, [USERS.teacher]))[0].id, capacity: 'guidance-teacher', startsOn: '2025-01-01' })).status).toBe(201);
      await testApp.ownerQuery(`INSERT INTO child_identifiers (child_id, scheme, value) VALUES ($1, 'chi', $2)`, [childId, chi]);
      const claim = await apiFor(testApp, USERS.socialWorker).post('/api/access-claims', { childId, kind: 'emergency', reason: REASON });
      expect(claim.status).toBe(201);
      claimId = claim.body.id;
      expect((await apiFor(testApp, USERS.socialWorker).get(`/api/children/${childId}/chronology`)).status).toBe(200);
      expect((await apiFor(testApp, USERS.mentor).get(`/api/children/${childId}/chronology`)).status).toBe(404);
    });

    it('requires authentication, and refuses anyone but a data protection officer', async () => {
      await request(testApp.baseUrl).get('/api/audit/events').expect(401);
      for (const username of [USERS.socialWorker, USERS.admin, USERS.reviewingOfficer]) {
        expect((await apiFor(testApp, username).get(`/api/audit/events?childId=${childId}`)).status).toBe(403);
      }
    });

    it("lists a child's events newest first, a page at a time, with no case content", async () => {
      const first = await dpo().get(`/api/audit/events?childId=${childId}&limit=3`);
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(3);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await dpo().get(`/api/audit/events?childId=${childId}&limit=3&cursor=${first.body.nextCursor}`);
      expect(second.status).toBe(200);
      const items: { id: string; occurredAt: string; childId: string; chain: { seq: number } }[] = [...first.body.items, ...second.body.items];
      expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
      expect(items.every((item) => item.childId === childId && item.chain.seq > 0)).toBe(true);
      const times = items.map((item) => item.occurredAt);
      expect([...times].sort().reverse()).toEqual(times);
      const everything = await dpo().get(`/api/audit/events?childId=${childId}&limit=500`);
      expect(everything.body.items.map((item: { action: string }) => item.action)).toEqual(expect.arrayContaining(['entry.create', 'chronology.read', 'access.claim']));
      expect(everything.text).not.toContain(CANARY);
    });

    it('finds the child by an identifier, as a subject access request names it', async () => {
      const byId = await dpo().get(`/api/audit/events?childId=${childId}&limit=500`);
      const byChi = await dpo().get(`/api/audit/events?childIdentifier=chi:${chi}&limit=500`);
      expect(byChi.status).toBe(200);
      // The second query's own audit event is newer than both; compare what both saw.
      const ids = (body: { items: { id: string; action: string }[] }) => body.items.filter((item) => item.action !== 'audit.query').map((item) => item.id);
      expect(ids(byChi.body)).toEqual(ids(byId.body));
      // No child has it: "not found", which a subject access request must tell apart from "nobody looked"; the question is still audited.
      for (const path of ['/api/audit/events?childIdentifier=chi:0000000000', '/api/audit/events.csv?childIdentifier=chi:0000000000']) {
        const unknown = await dpo().get(path);
        expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
        const [event] = await testApp.dataSource.query<{ outcome: string; details: { reason: string } }[]>(`SELECT outcome, details FROM audit.events WHERE correlation_id = $1`, [
          unknown.headers['x-correlation-id'],
        ]);
        expect(event).toMatchObject({ outcome: 'failed', details: { reason: 'no-child-with-identifier' } });
      }
    });

    it('filters by user, agency, action family, purpose, break-glass and period', async () => {
      const get = async (query: string) => (await dpo().get(`/api/audit/events?childId=${childId}&limit=500&${query}`)).body.items as {
        actor: { subject: string; agency: string } | null;
        action: string;
        purpose: string;
        breakGlass: boolean;
        accessClaimId: string | null;
      }[];
      const byPolice = await get(`actor=${USERS.police}`);
      expect(byPolice.length).toBeGreaterThan(0);
      expect(byPolice.every((item) => item.actor?.subject === USERS.police)).toBe(true);
      expect((await get('agency=nhs-lanarkshire')).every((item) => item.actor?.agency === 'nhs-lanarkshire')).toBe(true);
      const entryActions = await get('action=entry.*');
      expect(entryActions.length).toBeGreaterThan(0);
      expect(entryActions.every((item) => item.action.startsWith('entry.'))).toBe(true);
      const breakGlass = await get('breakGlass=true');
      expect(breakGlass.map((item) => item.action).sort()).toEqual(['access.claim', 'chronology.read']);
      expect(breakGlass.every((item) => item.purpose === 'break-glass' && item.accessClaimId === claimId)).toBe(true);
      expect(await get('from=2099-01-01')).toEqual([]);
      expect(await get('to=2000-01-01')).toEqual([]);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
      expect((await get(`from=${today}&to=${today}`)).length).toBeGreaterThan(0);
    });

    it.each([
      ['from=2026-02-30'],
      ['to=yesterday'],
      ['limit=0'],
      ['limit=501'],
      ['cursor=not%20a%20cursor'],
      [`cursor=${Buffer.from('2026-01-01T00:00:00.000000Z|99999999999999999999').toString('base64url')}`],
      [`cursor=${Buffer.from('2026-01-01T00:00:00.000000Z|9223372036854775808').toString('base64url')}`],
      [`cursor=${Buffer.from('2026-13-45T25:61:00.000000Z|1').toString('base64url')}`],
      [`cursor=${Buffer.from('2026-02-30T00:00:00.000000Z|1').toString('base64url')}`],
      ['action=DROP%20TABLE'],
      ['childId=not-a-uuid'],
      ['purpose=curiosity'],
      ['colour=blue'],
    ])('rejects the bad query %s with 400', async (query) => {
      const response = await dpo().get(`/api/audit/events?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    });

    it('refuses a period that ends before it starts, rather than answer that nothing happened in it', async () => {
      for (const path of [
        '/api/audit/events?from=2026-12-01&to=2026-01-01',
        '/api/audit/events.csv?from=2026-11-23T10:00:00Z&to=2026-11-23T09:00:00Z',
        `/api/audit/children/${childId}/access?from=2026-12-01&to=2026-11-30`,
        '/api/audit/reports/out-of-hours?from=2026-12-01&to=2026-01-01',
      ]) {
        const response = await dpo().get(path);
        expect({ path, status: response.status, details: response.body.details }).toEqual({ path, status: 400, details: [{ field: 'to', problem: 'to must be after from' }] });
      }
      // One day, given as dates, is a period: from the start of the one to the end of the other.
      expect((await dpo().get('/api/audit/events?from=2026-11-23&to=2026-11-23')).status).toBe(200);
    });

    it('names what is wrong with a value of the wrong kind, not a limit it could not be measured against', async () => {
      const problems = async (path: string, body?: object) => {
        const response = body ? await dpo().post(path, body) : await dpo().get(path);
        expect(response.status).toBe(400);
        return response.body.details;
      };
      expect(await problems('/api/audit/events?limit=abc')).toEqual([{ field: 'limit', problem: 'limit must be an integer number' }]);
      expect(await problems('/api/audit/verify?fromSeq=abc')).toEqual([{ field: 'fromSeq', problem: 'fromSeq must be an integer number' }]);
      expect(await problems(`/api/access-alerts/${claimId}/review`, { outcome: 'appropriate' })).toEqual([
        { field: 'notes', problem: 'notes is required' },
      ]);
      expect(await problems('/api/audit/children/not-a-uuid/access')).toEqual([{ field: 'childId', problem: 'childId must be a UUID' }]);
    });

    it('answers one event by id, 404 for none, 400 for a malformed id', async () => {
      const [{ id }] = await testApp.dataSource.query<{ id: string }[]>(`SELECT id::text AS id FROM audit.events WHERE child_id = $1 LIMIT 1`, [childId]);
      expect((await dpo().get(`/api/audit/events/${id}`)).body).toMatchObject({ id, childId });
      expect((await dpo().get('/api/audit/events/999999999')).status).toBe(404);
      expect((await dpo().get('/api/audit/events/abc')).status).toBe(400);
      expect((await dpo().get('/api/audit/events/99999999999999999999')).status).toBe(400);
    });

    it('audits every query the data protection officer makes', async () => {
      const response = await dpo().get(`/api/audit/events?actor=${USERS.police}&limit=1`);
      const [event] = await testApp.dataSource.query<{ action: string; actor_subject: string; purpose: string; details: { filters: Record<string, unknown> } }[]>(
        `SELECT action, actor_subject, purpose, details FROM audit.events WHERE correlation_id = $1`,
        [response.headers['x-correlation-id']],
      );
      expect(event).toEqual({ action: 'audit.query', actor_subject: USERS.dpo, purpose: 'audit', details: { filters: { actor: USERS.police }, returned: 1 } });
    });

    it('exports every matching event as CSV', async () => {
      const listed = (await dpo().get(`/api/audit/events?childId=${childId}&limit=500`)).body.items as { id: string }[];
      const response = await dpo().get(`/api/audit/events.csv?childId=${childId}`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('text/csv');
      const rows = parseCsv(response.text);
      expect(rows[0].slice(0, 4)).toEqual(['id', 'occurred_at', 'actor_subject', 'actor_name']);
      const body = rows.slice(1);
      expect(body.every((row) => row.length === rows[0].length)).toBe(true);
      // The export sees the list's own audit event too, which is newer.
      expect(body.map((row) => row[0])).toEqual(expect.arrayContaining(listed.map((item) => item.id)));
      expect(response.text).not.toContain(CANARY);
      const [exported] = await testApp.dataSource.query<{ action: string }[]>(`SELECT action FROM audit.events WHERE correlation_id = $1`, [response.headers['x-correlation-id']]);
      expect(exported).toEqual({ action: 'audit.export' });
    });

    it('exports a FHIR R4 Bundle of AuditEvents following IHE BALP: reads with the child as patient, break-glass as a security alert', async () => {
      const response = await dpo().get(`/api/audit/events.fhir.json?childId=${childId}`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('application/fhir+json');
      const bundle = JSON.parse(response.text);
      expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', identifier: { system: `${testApp.config.publicUrl}/api/audit/exports`, value: bundle.id } });
      expect(Date.parse(bundle.timestamp)).not.toBeNaN();
      expect(response.headers['content-disposition']).toContain(`audit-events-${bundle.id}.json`);
      expect(bundle.entry[0].fullUrl).toBe(`${testApp.config.publicUrl}/api/audit/events/${bundle.entry[0].resource.id}`);
      const resources = bundle.entry.map((entry: { resource: Record<string, unknown> }) => entry.resource) as Record<string, any>[];
      expect(resources.every((resource) => resource.resourceType === 'AuditEvent')).toBe(true);
      const events = new Map((await testApp.dataSource.query<{ id: string; action: string; actor_subject: string; outcome: string }[]>(
        `SELECT id::text AS id, action, actor_subject, outcome FROM audit.events WHERE child_id = $1`,
        [childId],
      )).map((event) => [event.id, event]));

      const read = resources.find((resource) => events.get(resource.id)?.action === 'chronology.read' && events.get(resource.id)?.actor_subject === USERS.healthVisitor)!;
      expect(read).toMatchObject({
        meta: { profile: ['https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientRead'] },
        type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
        subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }],
        action: 'R',
        outcome: '0',
      });
      expect(read.entity).toContainEqual(
        expect.objectContaining({ what: expect.objectContaining({ identifier: expect.objectContaining({ value: childId }) }), role: expect.objectContaining({ code: '1' }), type: expect.objectContaining({ code: '1' }) }),
      );
      expect(read.agent).toContainEqual(
        expect.objectContaining({ requestor: true, who: expect.objectContaining({ identifier: { system: testApp.config.oidc.issuer, value: USERS.healthVisitor } }) }),
      );

      const alert = resources.find((resource) => events.get(resource.id)?.action === 'access.claim')!;
      expect(alert).toMatchObject({
        type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110113' },
        subtype: [{ code: '110127', display: 'Emergency Override Started' }],
        action: 'E',
        purposeOfEvent: [{ coding: expect.arrayContaining([expect.objectContaining({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'BTG' })]) }],
      });

      const denied = resources.find((resource) => events.get(resource.id)?.outcome === 'denied')!;
      expect(denied.outcome).toBe('4');
      expect(denied.meta).toBeUndefined();
      expect(response.text).not.toContain(CANARY);
    });

    it("summarises who reached the child's record, how often and how", async () => {
      const response = await dpo().get(`/api/audit/children/${childId}/access`);
      expect(response.status).toBe(200);
      const people = response.body.people as { actor: { subject: string }; accesses: number; actions: string[]; relationships: string[]; breakGlass: boolean }[];
      const bySubject = new Map(people.map((person) => [person.actor.subject, person]));
      expect(bySubject.get(USERS.healthVisitor)).toMatchObject({ actions: expect.arrayContaining(['chronology.read']), relationships: ['involved'], breakGlass: false });
      expect(bySubject.get(USERS.socialWorker)).toMatchObject({ relationships: ['emergency'], breakGlass: true });
      // The DPO's own audit queries are not access to the record; a refused attempt is not access either.
      expect(bySubject.has(USERS.dpo)).toBe(false);
      expect(bySubject.has(USERS.mentor)).toBe(false);
    });

    it("reports access by people not on the child's team", async () => {
      const response = await dpo().get(`/api/audit/reports/off-team-access?childId=${childId}`);
      expect(response.status).toBe(200);
      const events = response.body.events as { actor: { subject: string }; relationship: string | null; action: string }[];
      expect(events.some((event) => event.actor.subject === USERS.socialWorker && event.relationship === 'emergency' && event.action === 'chronology.read')).toBe(true);
      expect(events.some((event) => event.relationship === 'involved')).toBe(false);
    });

    it('lists break-glass use awaiting review, records the review once, and then lists it as reviewed', async () => {
      const awaiting = await dpo().get('/api/audit/reports/break-glass');
      expect(awaiting.status).toBe(200);
      expect(awaiting.body).toContainEqual(expect.objectContaining({ claimId, kind: 'emergency', entriesRead: 1, review: null }));

      expect((await apiFor(testApp, USERS.socialWorker).post(`/api/access-alerts/${claimId}/review`, { outcome: 'appropriate', notes: 'Checked.' })).status).toBe(403);
      expect((await dpo().post(`/api/access-alerts/${claimId}/review`, { outcome: 'fine', notes: 'Checked.' })).status).toBe(400);
      expect((await dpo().post(`/api/access-alerts/${claimId}/review`, { outcome: 'appropriate', notes: '   ' })).status).toBe(400);
      expect((await dpo().post(`/api/access-alerts/00000000-0000-4000-8000-000000000000/review`, { outcome: 'appropriate', notes: 'Checked.' })).status).toBe(404);

      const notes = 'Confirmed with the duty team manager: urgent referral at 22:40, allocated worker on leave.';
      const reviewed = await dpo().post(`/api/access-alerts/${claimId}/review`, { outcome: 'appropriate', notes });
      expect(reviewed.status).toBe(201);
      expect(reviewed.body.review).toMatchObject({ outcome: 'appropriate', notes, reviewedBy: 'Catriona Baird' });
      expect((await dpo().post(`/api/access-alerts/${claimId}/review`, { outcome: 'inappropriate', notes: 'Second thoughts.' })).status).toBe(409);

      expect((await dpo().get('/api/audit/reports/break-glass')).body).not.toContainEqual(expect.objectContaining({ claimId }));
      expect((await dpo().get('/api/access-alerts?status=reviewed')).body).toContainEqual(expect.objectContaining({ claimId, entriesReadSinceReview: 0, review: expect.objectContaining({ outcome: 'appropriate' }) }));
      // Reading on under the claim after its review shows, so the review is not taken to cover it.
      const later = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry({ summary: 'Read after the review' }));
      expect(later.status).toBe(201);
      expect((await apiFor(testApp, USERS.socialWorker).get(`/api/entries/${later.body.id}`)).status).toBe(200);
      expect((await dpo().get('/api/access-alerts?status=reviewed')).body).toContainEqual(expect.objectContaining({ claimId, entriesReadSinceReview: 1 }));
      await expectAppendOnly(testApp, `UPDATE access_claim_reviews SET outcome = 'inappropriate'`);
    });

    it('reports a user who reached many children within the window (threshold from config)', async () => {
      const children = await Promise.all([1, 2, 3].map(() => createChildWithTeam(testApp, [{ username: USERS.teacher, capacity: 'guidance-teacher' }])));
      for (const child of children) expect((await apiFor(testApp, USERS.teacher).get(`/api/children/${child}/chronology`)).status).toBe(200);
      const response = await dpo().get('/api/audit/reports/unusual-volume');
      expect(response.status).toBe(200);
      expect(response.body.criteria).toEqual({ distinctChildren: 3, windowMinutes: 60 });
      const teacher = response.body.users.find((user: { actor: { subject: string } }) => user.actor.subject === USERS.teacher);
      expect(teacher).toMatchObject({ peakDistinctChildren: expect.any(Number), distinctChildrenInPeriod: expect.any(Number) });
      expect(teacher.peakDistinctChildren).toBeGreaterThanOrEqual(3);
      expect(response.body.users.some((user: { actor: { subject: string } }) => user.actor.subject === USERS.healthVisitor)).toBe(false);
    });

    it.each([['childId=00000000-0000-4000-8000-000000000000'], ['limit=10'], ['colour=blue'], ['from=2026-02-30']])(
      'refuses the unusual-volume report a parameter it does not take, or a bad one (%s), with 400',
      async (query) => {
        const response = await dpo().get(`/api/audit/reports/unusual-volume?${query}`);
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      },
    );

    it('reports access outside working hours (hours from config)', async () => {
      const response = await dpo().get(`/api/audit/reports/out-of-hours?childId=${childId}`);
      expect(response.status).toBe(200);
      expect(response.body.criteria).toMatchObject({ timeZone: 'Europe/London' });
      expect(response.body.events.map((event: { actor: { subject: string } }) => event.actor.subject)).toEqual(expect.arrayContaining([USERS.healthVisitor, USERS.police]));
    });

    it('audits every report, and refuses reports to everyone else', async () => {
      const response = await dpo().get('/api/audit/reports/out-of-hours');
      const [event] = await testApp.dataSource.query<{ action: string }[]>(`SELECT action FROM audit.events WHERE correlation_id = $1`, [response.headers['x-correlation-id']]);
      expect(event).toEqual({ action: 'audit.report.out-of-hours' });
      for (const path of ['off-team-access', 'unusual-volume', 'out-of-hours', 'break-glass']) {
        expect((await apiFor(testApp, USERS.teamManager).get(`/api/audit/reports/${path}`)).status).toBe(403);
      }
      expect((await apiFor(testApp, USERS.teamManager).get(`/api/audit/children/${childId}/access`)).status).toBe(403);
    });
  });

  describe('concurrent writers', () => {
    it('keep one valid chain when many requests write and read at once', async () => {
      const before = (await verifyChain()).head!.seq;
      const police = apiFor(testApp, USERS.police);
      const healthVisitor = apiFor(testApp, USERS.healthVisitor);
      await testApp.tokenFor(USERS.police);
      await testApp.tokenFor(USERS.healthVisitor);
      const requests = Array.from({ length: 60 }, (_, index) => {
        if (index % 3 === 0) return police.post(`/api/children/${childId}/entries`, validEntry({ summary: `Concurrent entry ${index}` }));
        if (index % 3 === 1) return healthVisitor.get(`/api/children/${childId}/chronology`);
        return apiFor(testApp, USERS.mentor).get(`/api/children/${childId}/chronology`);
      });
      const statuses = (await Promise.all(requests)).map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(20);
      expect(statuses.filter((status) => status === 200)).toHaveLength(20);
      expect(statuses.filter((status) => status === 404)).toHaveLength(20);
      const result = await verifyChain();
      expect(result.valid).toBe(true);
      expect(result.head!.seq).toBeGreaterThanOrEqual(before + 60);
    });
  });

  describe('a connection killed in the middle of a write', () => {
    /** Waits for the server's backend blocked on `waitingFor`, kills it, and returns what the client got. */
    async function killWhileBlocked(pending: Promise<request.Response>, queryPattern: string): Promise<request.Response> {
      for (let attempt = 0; attempt < 200; attempt += 1) {
        const [backend] = await testApp.ownerQuery<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND usename = 'chronicle_test' AND wait_event_type = 'Lock' AND query LIKE $1`,
          [queryPattern],
        );
        if (backend) {
          await testApp.ownerQuery(`SELECT pg_terminate_backend($1)`, [backend.pid]);
          return pending;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`No backend blocked on ${queryPattern}`);
    }

    const entriesWithSummary = async (summary: string): Promise<number> =>
      (await testApp.ownerQuery<{ count: number }>(`SELECT count(*)::int AS count FROM chronology_entry_versions WHERE summary = $1`, [summary]))[0].count;

    const eventsOfRequest = async (correlationId: string): Promise<number> =>
      (await testApp.ownerQuery<{ count: number }>(`SELECT count(*)::int AS count FROM audit.events WHERE correlation_id = $1`, [correlationId]))[0].count;

    it('while linking its audit event at commit, leaves neither the entry nor its event, and the chain whole', async () => {
      const police = apiFor(testApp, USERS.police);
      await testApp.tokenFor(USERS.police);
      const summary = 'Killed at commit';
      const correlationId = `killed-at-commit-${Date.now()}`;
      const response = await testApp.asOwner(async (client) => {
        await client.query(`SELECT pg_advisory_lock(${CHAIN_LOCK})`);
        try {
          const pending = request(testApp.baseUrl)
            .post(`/api/children/${childId}/entries`)
            .set('Authorization', `Bearer ${await testApp.tokenFor(USERS.police)}`)
            .set('x-correlation-id', correlationId)
            .send(validEntry({ summary }))
            .then((result) => result);
          return await killWhileBlocked(pending, 'COMMIT%');
        } finally {
          await client.query(`SELECT pg_advisory_unlock(${CHAIN_LOCK})`);
        }
      });
      expect(response.status).toBeGreaterThanOrEqual(500);
      expect(await entriesWithSummary(summary)).toBe(0);
      expect(await eventsOfRequest(correlationId)).toBe(0);
      expect((await verifyChain()).valid).toBe(true);
      expect((await police.post(`/api/children/${childId}/entries`, validEntry({ summary: 'After the kill' }))).status).toBe(201);
    });

    it('before its audit event is written, leaves no entry behind', async () => {
      const summary = 'Killed before its audit event';
      const correlationId = `killed-mid-write-${Date.now()}`;
      const token = await testApp.tokenFor(USERS.police);
      const response = await testApp.asOwner(async (client) => {
        await client.query('BEGIN');
        await client.query('LOCK TABLE audit.events IN SHARE MODE');
        try {
          const pending = request(testApp.baseUrl)
            .post(`/api/children/${childId}/entries`)
            .set('Authorization', `Bearer ${token}`)
            .set('x-correlation-id', correlationId)
            .send(validEntry({ summary }))
            .then((result) => result);
          return await killWhileBlocked(pending, 'INSERT INTO audit.events%');
        } finally {
          await client.query('ROLLBACK');
        }
      });
      expect(response.status).toBeGreaterThanOrEqual(500);
      expect(await entriesWithSummary(summary)).toBe(0);
      expect(await eventsOfRequest(correlationId)).toBe(0);
      expect((await verifyChain()).valid).toBe(true);
    });
  });
});

describe('tampering that later links build on', () => {
  let testApp: TestApp;

  beforeEach(async () => {
    testApp = await startTestApp({ env: { AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0' } });
    const childId = await createChildWithTeam(testApp, [{ username: USERS.healthVisitor, capacity: 'health-visitor' }]);
    for (let index = 0; index < 3; index += 1) {
      expect((await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry({ summary: `Visit ${index}` }))).status).toBe(201);
    }
  });

  afterEach(async () => {
    await testApp?.close();
  });

  const checkpointNow = async (): Promise<{ seq: number; hash: string }> => {
    const response = await apiFor(testApp, USERS.dpo).post('/api/audit/checkpoints');
    expect(response.status).toBe(201);
    return response.body;
  };

  it('detects an event inserted with a forged link at the end of the chain', async () => {
    const [{ id, seq }] = (await tamperWith(
      testApp,
      `WITH forged AS (
         INSERT INTO audit.events (actor_subject, action, outcome, purpose) VALUES ('intruder', 'child.search', 'success', 'case-work') RETURNING id, occurred_at
       )
       INSERT INTO audit.chain (seq, event_id, event_occurred_at, event_hash, hash)
       SELECT (SELECT max(seq) + 1 FROM audit.chain), id, occurred_at, sha256('forged'), sha256('forged') FROM forged
       RETURNING event_id::text AS id, seq::int AS seq`,
    )) as { id: string; seq: number }[];
    expect((await verifyChainOf(testApp)).firstProblem).toMatchObject({ kind: 'link-mismatch', seq, eventId: id });
  });

  it('catches a chain rewritten from an edited event onwards by its signed checkpoint, and by a kept one when those are deleted too', async () => {
    const kept = await checkpointNow();
    await tamperWith(testApp, `UPDATE audit.events SET actor_subject = 'someone-else' WHERE id = (SELECT event_id FROM audit.chain WHERE seq = 3)`);
    // Every link from the edited event on, re-computed the way the database computes them: the chain itself is consistent again.
    await tamperWith(
      testApp,
      `DO $$
       DECLARE
         link record;
         previous bytea;
         digest bytea;
       BEGIN
         SELECT hash INTO previous FROM audit.chain WHERE seq = 2;
         FOR link IN SELECT c.seq, e AS event FROM audit.chain c JOIN audit.events e ON e.id = c.event_id AND e.occurred_at = c.event_occurred_at WHERE c.seq >= 3 ORDER BY c.seq LOOP
           digest := audit.event_digest(link.event);
           previous := audit.link_hash(previous, link.seq, digest);
           UPDATE audit.chain SET event_hash = digest, hash = previous WHERE seq = link.seq;
         END LOOP;
       END $$`,
    );
    const rewritten = await verifyChainOf(testApp);
    expect(rewritten.firstProblem).toMatchObject({ kind: 'checkpoint-mismatch', seq: kept.seq });

    await tamperWith(testApp, `DELETE FROM audit.checkpoints`);
    expect((await verifyChainOf(testApp)).valid).toBe(true);
    const against = await verifyChainOf(testApp, `?checkpointSeq=${kept.seq}&checkpointHash=${kept.hash}`);
    expect(against).toMatchObject({ valid: false, keptCheckpoint: { matches: false }, firstProblem: { kind: 'checkpoint-mismatch', seq: kept.seq } });
  });

  it('reports a checkpoint signed by a key it does not know; given that public key as well (a rotation), the command line accepts it', async () => {
    const foreign = generateKeyPairSync('ed25519');
    const [head] = await testApp.ownerQuery<{ seq: number; hash: string }>(`SELECT seq::int AS seq, encode(hash, 'hex') AS hash FROM audit.chain ORDER BY seq DESC LIMIT 1`);
    const createdAt = new Date().toISOString();
    const keyId = createHash('sha256').update(foreign.publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
    const signature = sign(null, Buffer.from(`chronicle-audit-checkpoint/v1\n${head.seq}\n${head.hash}\n${createdAt}`), foreign.privateKey);
    await testApp.ownerQuery(`INSERT INTO audit.checkpoints (seq, hash, created_at, key_id, signature) VALUES ($1, decode($2, 'hex'), $3, $4, $5)`, [
      head.seq,
      head.hash,
      createdAt,
      keyId,
      signature,
    ]);
    const result = await verifyChainOf(testApp);
    expect(result).toMatchObject({ valid: false, firstProblem: { kind: 'checkpoint-unknown-key', seq: head.seq } });

    const keys = fs.mkdtempSync(path.join(os.tmpdir(), 'chronicle-keys-'));
    try {
      const foreignKeyFile = path.join(keys, 'previous.pem');
      fs.writeFileSync(foreignKeyFile, foreign.publicKey.export({ type: 'spki', format: 'pem' }));
      const serverKey = createPublicKey((await apiFor(testApp, USERS.dpo).get('/api/audit/checkpoints')).body.publicKey).export({ type: 'spki', format: 'der' }).toString('base64');
      const onlyServerKey = await runAuditCli(testApp, ['verify', '--public-key', serverKey]);
      expect(onlyServerKey.stdout).toContain('checkpoint-unknown-key');
      expect(onlyServerKey.code).toBe(1);
      const both = await runAuditCli(testApp, ['verify', '--public-key', serverKey, '--public-key', foreignKeyFile]);
      expect(both.stdout).toContain('The audit trail is intact.');
      expect(both.code).toBe(0);
    } finally {
      fs.rmSync(keys, { recursive: true, force: true });
    }
  }, 30_000);

  it('catches links removed from the end against a kept checkpoint', async () => {
    const kept = await checkpointNow();
    await tamperWith(
      testApp,
      `WITH removed AS (DELETE FROM audit.chain WHERE seq > $1 - 6 RETURNING event_id, event_occurred_at)
       DELETE FROM audit.events e USING removed r WHERE e.id = r.event_id AND e.occurred_at = r.event_occurred_at`,
      [kept.seq],
    );
    await tamperWith(testApp, `DELETE FROM audit.checkpoints`);
    expect((await verifyChainOf(testApp)).valid).toBe(true);
    const against = await verifyChainOf(testApp, `?checkpointSeq=${kept.seq}&checkpointHash=${kept.hash}`);
    expect(against.firstProblem).toMatchObject({ kind: 'checkpoint-beyond-head', seq: kept.seq });
  });
});

/** RFC 4180, enough for the export: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else cell += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(cell);
      cell = '';
    } else if (character === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index += 1;
    } else cell += character;
  }
  return rows;
}
