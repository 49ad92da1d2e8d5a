import request from 'supertest';
import { CookieJar, step } from '../../src/dev-idp/dev-login';
import { apiFor, USERS, validEntry } from '../support/fixtures';
import { freePort, startTestApp, TestApp } from '../support/test-app';

/**
 * Two instances behind one public URL, on one database: every hop of a browser sign-in goes to the
 * other instance than the one before, so nothing may live in a single process's memory.
 */
describe('two instances on one database', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await startTestApp();
    second = await startTestApp({ sharedDatabaseUrl: first.databaseUrl, env: { PUBLIC_URL: first.baseUrl, PORT: String(await freePort()) } });
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  const on = (instance: TestApp, url: string): string => url.replace(first.baseUrl, instance.baseUrl);

  it('serve one browser sign-in and session, alternating instance at every step', async () => {
    const jar = new CookieJar();
    const login = await step(`${first.baseUrl}/auth/login`, jar);
    const authorize = await step(on(second, login.location!), jar);
    expect(authorize.location).toMatch(/\/idp\/interaction\//);
    const page = await step(on(first, authorize.location!), jar);
    expect(page.response.status).toBe(200);
    const signedIn = await step(`${on(second, authorize.location!)}/login`, jar, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: USERS.socialWorker }).toString(),
    });
    const resumed = await step(on(first, signedIn.location!), jar);
    expect(resumed.location).toContain('/auth/callback?code=');
    const callback = await step(on(second, resumed.location!), jar);
    expect(callback.response.status).toBe(303);

    const cookie = `${first.config.session.cookieName}=${jar.get(first.config.session.cookieName)}`;
    for (const instance of [first, second]) {
      const me = await request(instance.baseUrl).get('/api/me').set('Cookie', cookie).expect(200);
      expect(me.body).toMatchObject({ subject: USERS.socialWorker, authenticatedBy: 'session' });
    }
    // The browser's session reads and writes through both instances, which write one audit trail between them.
    const [{ childId }] = await first.dataSource.query<{ childId: string }[]>(
      `SELECT i.child_id AS "childId" FROM involvements i JOIN practitioners p ON p.id = i.practitioner_id WHERE p.subject = $1 LIMIT 1`,
      [USERS.socialWorker],
    );
    const writes = await Promise.all(
      [first, second, first, second].map((instance, index) =>
        request(instance.baseUrl).post(`/api/children/${childId}/entries`).set('Cookie', cookie).set('sec-fetch-site', 'same-origin').send(validEntry({ summary: `Written through instance ${index % 2}` })),
      ),
    );
    expect(writes.map((write) => write.status)).toEqual([201, 201, 201, 201]);
    for (const instance of [first, second]) await request(instance.baseUrl).get(`/api/children/${childId}/chronology`).set('Cookie', cookie).expect(200);
    const verification = await apiFor(second, USERS.dpo).get('/api/audit/verify');
    expect(verification.body).toMatchObject({ valid: true, firstProblem: null });
    const [{ instances }] = await first.ownerQuery<{ instances: number }>(
      `SELECT count(DISTINCT details->>'instance')::int AS instances FROM audit.events WHERE action = 'configuration.load'`,
    );
    expect(instances).toBe(2);
  });

  it('accept each other\'s access tokens, and the demo data is loaded once', async () => {
    const token = await second.tokenFor(USERS.healthVisitor);
    await request(first.baseUrl).get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    const [{ count }] = await first.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM agencies`);
    expect(count).toBe(5);
  });
});
