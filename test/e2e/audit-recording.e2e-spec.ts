import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { CookieJar, signInThroughProvider, step } from '../../src/dev-idp/dev-login';
import { AuditTrailFixture, CANARY, CHAIN_LOCK, FIXTURE_TIMEOUT_MS, startAuditTrail, Verification, verifyChainOf } from '../support/audit-trail';
import { apiFor, createChildWithTeam, practitionerId, USERS, validEntry } from '../support/fixtures';
import type { TestApp } from '../support/test-app';

describe('audit trail: what is recorded, and when it cannot be', () => {
  let fixture: AuditTrailFixture;
  let testApp: TestApp;
  let configDir: string;
  let childId: string;

  beforeAll(async () => {
    fixture = await startAuditTrail();
    ({ testApp, configDir, childId } = fixture);
  }, FIXTURE_TIMEOUT_MS);

  afterAll(async () => {
    await fixture?.close();
  });

  const verifyChain = (query = ''): Promise<Verification> => verifyChainOf(testApp, query);

  /** The server's backend waiting for a lock while running a statement like `queryPattern`. */
  async function blockedBackend(queryPattern: string): Promise<number> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const [backend] = await testApp.ownerQuery<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND usename = 'chronicle_test' AND wait_event_type = 'Lock' AND query LIKE $1`,
        [queryPattern],
      );
      if (backend) return backend.pid;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`No backend blocked on ${queryPattern}`);
  }

  const eventsOfRequest = async (correlationId: string): Promise<number> =>
    (await testApp.ownerQuery<{ count: number }>(`SELECT count(*)::int AS count FROM audit.events WHERE correlation_id = $1`, [correlationId]))[0].count;

  /** A chronology read as the police user, whose chronology holds the fixture's canary, sent while the chain's lock is held elsewhere. */
  const chronologyRead = async (correlationId: string): Promise<request.Response> =>
    request(testApp.baseUrl)
      .get(`/api/children/${childId}/chronology`)
      .set('Authorization', `Bearer ${await testApp.tokenFor(USERS.police)}`)
      .set('x-correlation-id', correlationId)
      .then((result) => result);

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

  describe("a read's answer", () => {
    // The answer is written while the event commits (ChronologyService.readChronology): none of it may leave before the event is durable.
    it('leaves only once its audit event is committed and linked', async () => {
      const correlationId = `read-waits-${Date.now()}`;
      let answered = false;
      const response = await testApp.asOwner(async (client) => {
        await client.query(`SELECT pg_advisory_lock(${CHAIN_LOCK})`);
        try {
          const read = chronologyRead(correlationId).finally(() => (answered = true));
          await blockedBackend('INSERT INTO audit.events%');
          // Long enough for an answer already written to reach the client, were it sent before the commit.
          await new Promise((resolve) => setTimeout(resolve, 500));
          expect(answered).toBe(false);
          return read;
        } finally {
          // The commit goes ahead once the lock is let go, and the answer with it.
          await client.query(`SELECT pg_advisory_unlock(${CHAIN_LOCK})`);
        }
      });
      expect(response.status).toBe(200);
      expect(response.text).toContain(CANARY);
      const [event] = await testApp.ownerQuery<{ linked: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM audit.chain c WHERE c.event_id = e.id) AS linked FROM audit.events e WHERE e.correlation_id = $1`,
        [correlationId],
      );
      expect(event).toEqual({ linked: true });
    });

    it('is never sent when its audit event is lost at commit: none of the chronology leaves', async () => {
      const correlationId = `read-killed-at-commit-${Date.now()}`;
      const response = await testApp.asOwner(async (client) => {
        await client.query(`SELECT pg_advisory_lock(${CHAIN_LOCK})`);
        try {
          const pending = chronologyRead(correlationId);
          await testApp.ownerQuery(`SELECT pg_terminate_backend($1)`, [await blockedBackend('INSERT INTO audit.events%')]);
          return await pending;
        } finally {
          await client.query(`SELECT pg_advisory_unlock(${CHAIN_LOCK})`);
        }
      });
      // The lost connection is the database's failure, not the reader's: 503, try again.
      expect(response.status).toBe(503);
      expect(response.body.code).toBe('SERVICE_UNAVAILABLE');
      expect(response.text).not.toContain(CANARY);
      expect(await eventsOfRequest(correlationId)).toBe(0);
      expect((await verifyChain()).valid).toBe(true);
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
      await testApp.ownerQuery(`SELECT pg_terminate_backend($1)`, [await blockedBackend(queryPattern)]);
      return pending;
    }

    const entriesWithSummary = async (summary: string): Promise<number> =>
      (await testApp.ownerQuery<{ count: number }>(`SELECT count(*)::int AS count FROM chronology_entry_versions WHERE summary = $1`, [summary]))[0].count;

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
