import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { obtainDevAccessToken } from '../../src/dev-idp/dev-login';
import { apiFor, createChildWithTeam, USERS, validEntry } from '../support/fixtures';
import { childWithLongChronology } from '../support/long-chronology';
import { DatabaseProcess, spawnServer, startDatabaseProcess, startServerProcess } from '../support/server-process';
import { freePort, startTestApp, TestApp } from '../support/test-app';

const verifyChain = async (testApp: TestApp): Promise<{ valid: boolean; links: number }> => (await apiFor(testApp, USERS.dpo).get('/api/audit/verify')).body;

describe('the database restarting under a running server', () => {
  // A PostgreSQL of this spec's own, so stopping it disturbs no other spec.
  let dataDir: string;
  let port: number;
  let database: DatabaseProcess;
  let testApp: TestApp;
  let childId: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronicle-restart-'));
    // Run as root, the embedded PostgreSQL runs as its own user, which must be able to reach its folder.
    fs.chmodSync(dataDir, 0o755);
    port = await freePort();
    database = await startDatabaseProcess(path.join(dataDir, 'pg'), port);
    testApp = await startTestApp({ serverUrl: database.url });
    childId = await createChildWithTeam(testApp, [{ username: USERS.healthVisitor, capacity: 'health-visitor' }]);
    await testApp.tokenFor(USERS.dpo);
  }, 120_000);

  afterAll(async () => {
    await testApp?.close();
    await database?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 while the database is down, and serves again when it is back, without a restart of its own', async () => {
    const healthVisitor = apiFor(testApp, USERS.healthVisitor);
    expect((await healthVisitor.post(`/api/children/${childId}/entries`, validEntry({ summary: 'Before the restart' }))).status).toBe(201);

    await database.stop();
    const health = await request(testApp.baseUrl).get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ database: 'down' });
    const during = await healthVisitor.get(`/api/children/${childId}/chronology`);
    expect(during.status).toBe(503);
    expect(during.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(during.headers['retry-after']).toBe('2');

    database = await startDatabaseProcess(path.join(dataDir, 'pg'), port);
    for (let attempt = 0; (await request(testApp.baseUrl).get('/health')).status !== 200; attempt += 1) {
      if (attempt > 100) throw new Error('The server did not recover');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await healthVisitor.post(`/api/children/${childId}/entries`, validEntry({ summary: 'After the restart' }))).status).toBe(201);
    const after = await healthVisitor.get(`/api/children/${childId}/chronology`);
    expect(after.status).toBe(200);
    expect(after.body.items.map((item: { summary: string }) => item.summary)).toEqual(expect.arrayContaining(['Before the restart', 'After the restart']));
    expect((await verifyChain(testApp)).valid).toBe(true);
  }, 60_000);
});

describe('the server killed in the middle of an export', () => {
  let testApp: TestApp;
  let childId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    ({ childId } = await childWithLongChronology(testApp));
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
  });

  /** Whatever the moment, an export is either recorded whole (its record and its audit event) or not at all. */
  it.each([150, 500, 900, 4000])('leaves nothing half-recorded when killed %i ms into a 2,000-entry export', async (delay) => {
    const server = await startServerProcess(testApp);
    const token = await obtainDevAccessToken(`${server.baseUrl}/idp`, USERS.police);
    const before = await counts();
    const response = fetch(`${server.baseUrl}/api/children/${childId}/exports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ audience: 'case-conference', purpose: 'Fault test', producedFor: 'Conference members' }),
    }).then(
      async (result) => ({ status: result.status, bytes: (await result.arrayBuffer()).byteLength }),
      () => null,
    );
    await new Promise((resolve) => setTimeout(resolve, delay));
    await server.kill();
    const outcome = await response;
    const after = await counts();
    expect(after.exports - before.exports).toBe(after.events - before.events);
    expect(after.exports - before.exports).toBeLessThanOrEqual(1);
    // A response that arrived whole was recorded.
    if (outcome?.status === 201) expect(after.exports - before.exports).toBe(1);
    expect((await verifyChain(testApp)).valid).toBe(true);
  }, 60_000);

  async function counts(): Promise<{ exports: number; events: number }> {
    const [row] = await testApp.ownerQuery<{ exports: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM exports) AS exports, (SELECT count(*)::int FROM audit.events WHERE action = 'export.create') AS events`,
    );
    return row;
  }
});

describe('several workers on one port (WEB_CONCURRENCY)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
  });

  const workersOf = (pid: number): number[] =>
    fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);

  it('replaces a worker that dies, and keeps serving on the port meanwhile', async () => {
    const server = await startServerProcess(testApp, { WEB_CONCURRENCY: '2' });
    try {
      // Both serving, not merely started: were the victim the only worker listening, the port would close with it.
      await waitFor(() => server.log().split('Listening on').length - 1 === 2);
      const [victim] = workersOf(server.pid);
      process.kill(victim, 'SIGKILL');
      // Once the supervisor has reaped it (a connection handed to a worker in the instant it dies is
      // lost by Node's cluster module; a load balancer's retry covers that), and before its
      // replacement can have started, the other worker answers.
      await waitFor(() => !workersOf(server.pid).includes(victim));
      expect((await fetch(`${server.baseUrl}/health`, { signal: AbortSignal.timeout(5000) })).status).toBe(200);
      await waitFor(() => workersOf(server.pid).length === 2 && !workersOf(server.pid).includes(victim));
      const token = await obtainDevAccessToken(`${server.baseUrl}/idp`, USERS.healthVisitor);
      expect((await fetch(`${server.baseUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('stops with an error, rather than restarting them for ever, when workers die before they serve (the port taken)', async () => {
    const port = await freePort();
    const squatter = createServer().listen(port, '127.0.0.1');
    try {
      const child = spawnServer(testApp, port, { WEB_CONCURRENCY: '2' });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
    } finally {
      squatter.close();
    }
  }, 60_000);
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; !condition(); attempt += 1) {
    if (attempt > 120) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
