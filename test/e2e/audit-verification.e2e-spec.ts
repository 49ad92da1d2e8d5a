import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { AuditCheckpointsService } from '../../src/audit/audit-checkpoints.service';
import { AuditTrailFixture, FIXTURE_TIMEOUT_MS, restoreRow, rowAsJson as rowAsJsonOf, runAuditCli, startAuditTrail, tamperWith, Verification, verifyChainOf } from '../support/audit-trail';
import { apiFor, createChildWithTeam, USERS, validEntry } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('audit trail: proving it intact', () => {
  let fixture: AuditTrailFixture;
  let testApp: TestApp;
  let configDir: string;
  let checkpointFile: string;
  let childId: string;

  beforeAll(async () => {
    fixture = await startAuditTrail();
    ({ testApp, configDir, checkpointFile, childId } = fixture);
  }, FIXTURE_TIMEOUT_MS);

  afterAll(async () => {
    await fixture?.close();
  });

  const dpo = () => apiFor(testApp, USERS.dpo);
  const verifyChain = (query = ''): Promise<Verification> => verifyChainOf(testApp, query);
  const tamper = (sql: string, parameters: unknown[] = []): Promise<unknown[]> => tamperWith(testApp, sql, parameters);
  const rowAsJson = (table: string, where: string, parameters: unknown[]): Promise<unknown> => rowAsJsonOf(testApp, table, where, parameters);
  const restore = (table: string, row: unknown): Promise<unknown> => restoreRow(testApp, table, row);

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
      const response = await dpo().get('/api/audit/verify');
      expect(response.status).toBe(200);
      const result: Verification = response.body;
      expect(result).toMatchObject({ valid: true, firstProblem: null, head: { seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
      expect(result.links).toBe(result.head!.seq);
      const events = await testApp.dataSource.query<{ action: string; actor_subject: string; outcome: string; details: Record<string, unknown> }[]>(
        `SELECT action, actor_subject, outcome, details FROM audit.events WHERE correlation_id = $1`,
        [response.headers['x-correlation-id']],
      );
      expect(events).toEqual([{ action: 'audit.verify', actor_subject: USERS.dpo, outcome: 'success', details: expect.objectContaining({ fromSeq: result.fromSeq }) }]);
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
