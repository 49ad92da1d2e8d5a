import request from 'supertest';
import { USERS } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('rate limits', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({
      env: { RATE_LIMIT_API_PER_SECOND: '1', RATE_LIMIT_API_BURST: '3', RATE_LIMIT_SIGN_IN_PER_MINUTE: '2', RATE_LIMIT_FAILED_AUTH_PER_MINUTE: '3' },
    });
  });

  afterAll(async () => {
    await testApp?.close();
  });

  const failedAuthentications = async (): Promise<number> =>
    (await testApp.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM audit.events WHERE action = 'auth.authenticate'`))[0].count;

  it('lets a user make a burst of requests, then answers 429 RATE_LIMITED with Retry-After, per user', async () => {
    const token = await testApp.tokenFor(USERS.healthVisitor);
    const statuses: number[] = [];
    let refused: request.Response | undefined;
    for (let index = 0; index < 4; index += 1) {
      const response = await request(testApp.baseUrl).get('/api/me').set('Authorization', `Bearer ${token}`);
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(refused!.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', message: expect.stringContaining('try again in') });
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another user is not held back by the first.
    await request(testApp.baseUrl).get('/api/me').set('Authorization', `Bearer ${await testApp.tokenFor(USERS.police)}`).expect(200);
  });

  it('limits sign-in attempts per address', async () => {
    const statuses = [];
    for (let index = 0; index < 3; index += 1) statuses.push((await request(testApp.baseUrl).get('/auth/login')).status);
    expect(statuses).toEqual([303, 303, 429]);
  });

  it('answers 429 without auditing each one after repeated refused tokens from an address, but never holds back a good token', async () => {
    const before = await failedAuthentications();
    const statuses = [];
    for (let index = 0; index < 5; index += 1) statuses.push((await request(testApp.baseUrl).get('/api/me').set('Authorization', 'Bearer not-a-token')).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(await failedAuthentications()).toBe(before + 3);
    // Colleagues behind the same address (one council network) still get in.
    await request(testApp.baseUrl).get('/api/me').set('Authorization', `Bearer ${await testApp.tokenFor(USERS.teacher)}`).expect(200);
    const refused = await request(testApp.baseUrl).get('/api/me').set('Authorization', 'Bearer not-a-token').expect(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(await failedAuthentications()).toBe(before + 3);
  });

  it('neither counts nor audits a request that presents no credentials at all', async () => {
    const before = await failedAuthentications();
    for (let index = 0; index < 5; index += 1) await request(testApp.baseUrl).get('/api/children').expect(401);
    expect(await failedAuthentications()).toBe(before);
  });
});
