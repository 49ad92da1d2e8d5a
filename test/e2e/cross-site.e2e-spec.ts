import request from 'supertest';
import { isFileUploadPath } from '../../src/import/import-file.interceptor';
import { apiFor, createChildWithTeam, tableCounts, USERS, validEntry } from '../support/fixtures';
import { formTokenOf, signInSession } from '../support/sessions';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Writes a signed-in browser's cookie carries must prove they came from Chronicle itself: the
 * form's token on web pages; on the API and sign-out, the token in X-CSRF-Token or the browser's
 * word (Sec-Fetch-Site, else Origin) that the request is same-origin. Neither is no proof.
 */
describe('cross-site protection of writes the session cookie carries', () => {
  let testApp: TestApp;
  let childId: string;
  let entryId: string;
  let cookie: string;
  const FOREIGN = 'https://elsewhere.example';

  beforeAll(async () => {
    testApp = await startTestApp({ env: { RATE_LIMIT_SIGN_IN_PER_MINUTE: '0' } });
    childId = await createChildWithTeam(testApp, [{ username: USERS.healthVisitor, capacity: 'health-visitor' }]);
    const created = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry());
    expect(created.status).toBe(201);
    entryId = created.body.id;
    cookie = await signInSession(testApp, USERS.healthVisitor);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  const amend = (headers: Record<string, string>) =>
    request(testApp.baseUrl).post(`/api/entries/${entryId}/amendments`).set('Cookie', cookie).set(headers).send({ reason: 'Weight corrected', changes: { summary: `Amended at ${Date.now()}` } });
  const currentVersion = async () => (await apiFor(testApp, USERS.healthVisitor).get(`/api/entries/${entryId}`)).body.version as number;
  const stillSignedIn = async () => (await request(testApp.baseUrl).get('/api/me').set('Cookie', cookie)).status === 200;

  describe('the API with the session cookie', () => {
    it.each([
      ['a foreign Origin and no Sec-Fetch-Site', { Origin: FOREIGN }],
      ['neither Origin nor Sec-Fetch-Site', {}],
      ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
      ['Sec-Fetch-Site: same-site (a sibling host)', { 'Sec-Fetch-Site': 'same-site' }],
      ['Sec-Fetch-Site: cross-site, even beside this Origin', { 'Sec-Fetch-Site': 'cross-site', Origin: 'ORIGIN' }],
      ['Origin: null', { Origin: 'null' }],
      ['a token that is not the session\'s', { 'X-CSRF-Token': 'not-the-token' }],
    ])('refuses an amendment with %s, and saves nothing', async (_case, headers: Record<string, string>) => {
      const before = await currentVersion();
      const response = await amend(Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value === 'ORIGIN' ? testApp.baseUrl : value])));
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
      expect(await currentVersion()).toBe(before);
    });

    it.each([
      ['Sec-Fetch-Site: same-origin', () => ({ 'Sec-Fetch-Site': 'same-origin' })],
      ['this Origin and no Sec-Fetch-Site', () => ({ Origin: testApp.baseUrl })],
      ['the session\'s token in X-CSRF-Token', async () => ({ 'X-CSRF-Token': await formTokenOf(testApp, cookie) })],
    ])('accepts an amendment with %s', async (_case, headers: () => Record<string, string> | Promise<Record<string, string>>) => {
      const before = await currentVersion();
      const response = await amend(await headers());
      expect(response.status).toBe(201);
      expect(await currentVersion()).toBe(before + 1);
    });

    it('records a refused cross-site write in the audit trail', async () => {
      const response = await amend({ Origin: FOREIGN });
      const [event] = await testApp.dataSource.query<{ outcome: string; details: { reason: string } }[]>(
        `SELECT outcome, details FROM audit.events WHERE action = 'auth.authenticate' AND correlation_id = $1`,
        [response.headers['x-correlation-id']],
      );
      expect(event).toMatchObject({ outcome: 'failed', details: { reason: 'FORBIDDEN' } });
    });

    it('leaves bearer-token writes as they were: no cookie, nothing to prove', async () => {
      const response = await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${entryId}/amendments`, { reason: 'Typo', changes: { summary: 'By token' } });
      expect(response.status).toBe(201);
    });

    it('asks nothing of reads', async () => {
      await request(testApp.baseUrl).get(`/api/children/${childId}/chronology`).set('Cookie', cookie).set('Origin', FOREIGN).expect(200);
    });
  });

  describe('every state-changing route', () => {
    /** Every route the server answers a write on, as Express has them: routes added later are covered without a change here. */
    const writeRoutes = (): { method: string; path: string }[] => {
      const router = testApp.app.getHttpAdapter().getInstance().router as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
      return router.stack.flatMap(({ route }) =>
        route ? Object.keys(route.methods).filter((method) => ['post', 'put', 'patch', 'delete'].includes(method)).map((method) => ({ method, path: route.path })) : [],
      );
    };

    it.each([
      ['a foreign Origin', { Origin: FOREIGN }],
      ['no Origin or Sec-Fetch-Site', {}],
      ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ])('refuses a write the session cookie carries with %s on each of them, before it is looked at, and nothing changes', async (_case, headers: Record<string, string>) => {
      const routes = writeRoutes();
      expect(routes.map(({ method, path }) => `${method.toUpperCase()} ${path}`)).toEqual(
        expect.arrayContaining(['POST /api/entries/:entryId/amendments', 'POST /auth/logout', 'POST /sign-out', 'POST /request-access', 'POST /api/children/:childId/exports']),
      );
      const before = await tableCounts(testApp);
      for (const { method, path } of routes) {
        const url = path.replace(/:childId\b/, childId).replace(/:entryId\b/, entryId).replace(/:\w+/g, '00000000-0000-4000-8000-000000000000');
        const sent = request(testApp.baseUrl)[method as 'post'](url).set('Cookie', cookie).set(headers);
        // Each in the body its route takes (a file upload takes multipart/form-data only: JSON there is 415 before anything else).
        const response = await (isFileUploadPath(url)
          ? sent.attach('file', Buffer.from('eventDate,eventType,summary\n2026-01-05,concern-raised,Cross-site\n'), 'cross-site.csv')
          : sent.send({ reason: 'Cross-site', changes: { summary: 'Cross-site' } }));
        expect({ route: `${method} ${path}`, status: response.status }).toEqual({ route: `${method} ${path}`, status: 403 });
        // Refused as a cross-site write, in the API's words or the pages', not by some later check.
        expect({ route: `${method} ${path}`, refused: /could not be confirmed as coming from Chronicle|Your form could not be sent/.test(response.text) }).toEqual({ route: `${method} ${path}`, refused: true });
      }
      expect(await tableCounts(testApp)).toEqual(before);
      expect(await stillSignedIn()).toBe(true);
    });
  });

  describe('signing out', () => {
    it.each([
      ['POST /auth/logout with a foreign Origin', () => request(testApp.baseUrl).post('/auth/logout').set('Origin', FOREIGN)],
      ['POST /auth/logout with no Origin or Sec-Fetch-Site', () => request(testApp.baseUrl).post('/auth/logout')],
      ['POST /sign-out (the pages\' form) without the token', () => request(testApp.baseUrl).post('/sign-out').type('form').send({})],
      ['POST /sign-out from this origin but without the token', () => request(testApp.baseUrl).post('/sign-out').set('Sec-Fetch-Site', 'same-origin').type('form').send({})],
      // A browser behind a proxy that asks for Basic credentials sends them with every request, cross-site ones too.
      ['POST /sign-out with an Authorization header and without the token', () => request(testApp.baseUrl).post('/sign-out').set('Authorization', 'Basic Zm9vOmJhcg==').type('form').send({})],
      ['POST /auth/logout with an Authorization header and a foreign Origin', () => request(testApp.baseUrl).post('/auth/logout').set('Authorization', 'Basic Zm9vOmJhcg==').set('Origin', FOREIGN)],
    ])('is refused for %s, and the session stays signed in', async (_case, send: () => request.Test) => {
      const response = await send().set('Cookie', cookie);
      expect(response.status).toBe(403);
      expect(await stillSignedIn()).toBe(true);
    });

    it('cannot be forced by a link to the sign-in page: a signed-in browser keeps its session', async () => {
      const response = await request(testApp.baseUrl).get('/auth/login?returnTo=/find-a-child').set('Cookie', cookie).set('Sec-Fetch-Site', 'cross-site');
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/find-a-child');
      expect(await stillSignedIn()).toBe(true);
    });

    it('works from the pages\' form with the token, and from the API with this Origin', async () => {
      const formSession = await signInSession(testApp, USERS.healthVisitor);
      const signedOut = await request(testApp.baseUrl).post('/sign-out').set('Cookie', formSession).type('form').send({ _csrf: await formTokenOf(testApp, formSession) });
      expect(signedOut.status).toBe(303);
      expect(signedOut.headers.location).toBe('/signed-out');
      await request(testApp.baseUrl).get('/api/me').set('Cookie', formSession).expect(401);

      const apiSession = await signInSession(testApp, USERS.healthVisitor);
      await request(testApp.baseUrl).post('/auth/logout').set('Cookie', apiSession).set('Origin', testApp.baseUrl).expect(204);
      await request(testApp.baseUrl).get('/api/me').set('Cookie', apiSession).expect(401);
    });
  });

  describe('web page forms', () => {
    const claimForm = { scheme: 'chi', identifier: '0000000000', kind: 'self-claimed', reason: 'Covering the health visiting caseload this week.' };
    const claims = async () => (await testApp.dataSource.query<{ count: number }[]>('SELECT count(*)::int AS count FROM access_claims'))[0].count;

    it.each([
      ['no token', {}, () => ({})],
      ['no token, though the browser says same-origin', { 'Sec-Fetch-Site': 'same-origin' }, () => ({})],
      ['another session\'s token', {}, async () => ({ _csrf: await formTokenOf(testApp, await signInSession(testApp, USERS.gp)) })],
    ])('are refused with %s: nothing changes and the page says why', async (_case, headers: Record<string, string>, token: () => object | Promise<object>) => {
      const before = await claims();
      const response = await request(testApp.baseUrl)
        .post('/request-access')
        .set('Cookie', cookie)
        .set(headers)
        .type('form')
        .send({ ...claimForm, ...(await token()) });
      expect(response.status).toBe(403);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.text).toContain('Your form could not be sent');
      expect(await claims()).toBe(before);
    });

    it('are taken with the session\'s token', async () => {
      const response = await request(testApp.baseUrl)
        .post('/request-access')
        .set('Cookie', cookie)
        .type('form')
        .send({ ...claimForm, _csrf: await formTokenOf(testApp, cookie) });
      // The form was checked and answered (no child has that CHI number): the token let it through.
      expect(response.status).toBe(400);
      expect(response.text).toContain('No child with this identifier is known to Chronicle');
    });
  });
});
