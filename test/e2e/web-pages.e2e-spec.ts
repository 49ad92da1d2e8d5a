import request from 'supertest';
import { CookieJar, signInThroughProvider, step } from '../../src/dev-idp/dev-login';
import { apiFor, USERS } from '../support/fixtures';
import { formTokenOf, sessionIdOf, signInSession } from '../support/sessions';
import { startTestApp, TestApp } from '../support/test-app';

/** The web pages over HTTP: how a browser gets in, what every page is sent with, and that pages are audited as the API reads they mirror. */
describe('web pages', () => {
  let testApp: TestApp;
  let cookie: string;
  let connorId: string;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { RATE_LIMIT_SIGN_IN_PER_MINUTE: '0' } });
    cookie = await signInSession(testApp, USERS.police);
    [{ id: connorId }] = await testApp.dataSource.query<{ id: string }[]>(`SELECT id FROM children WHERE given_name = 'Connor'`);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  const page = (path: string) => request(testApp.baseUrl).get(path).set('Cookie', cookie);

  describe('getting in', () => {
    it('sends a visitor without a session from / to sign in, and a browser sign-in lands back on /', async () => {
      const home = await request(testApp.baseUrl).get('/').expect(303);
      expect(home.headers.location).toBe('/auth/login?returnTo=%2F');
      const jar = new CookieJar();
      const start = await step(`${testApp.baseUrl}/auth/login`, jar);
      // In demo mode the provider is asked to show its sign-in page every time, so a demonstrator can switch users.
      expect(new URL(start.location!).searchParams.get('prompt')).toBe('login');
      const completed = await step(await signInThroughProvider(start.location!, USERS.teacher, jar, `${testApp.baseUrl}/auth/callback`), jar);
      expect(completed.location).toBe(`${testApp.baseUrl}/`);
      const landing = await step(completed.location!, jar);
      expect(landing.response.status).toBe(200);
      expect(await landing.response.text()).toContain('<h1 class="govuk-heading-l">My children</h1>');
    });

    it('keeps the session in an HttpOnly, SameSite=Lax cookie that ends with the browser, and the store ends it after the idle time', async () => {
      const jar = new CookieJar();
      const start = await step(`${testApp.baseUrl}/auth/login`, jar);
      const callback = await fetch(await signInThroughProvider(start.location!, USERS.teacher, jar, `${testApp.baseUrl}/auth/callback`), { headers: { cookie: jar.header() }, redirect: 'manual' });
      const setCookie = callback.headers.getSetCookie().find((header) => header.startsWith(`${testApp.config.session.cookieName}=`))!;
      expect(setCookie).toMatch(/; HttpOnly/i);
      expect(setCookie).toMatch(/; SameSite=Lax/i);
      expect(setCookie).not.toMatch(/Expires=|Max-Age=/i);
      const sessionCookie = setCookie.split(';')[0];
      await request(testApp.baseUrl).get('/').set('Cookie', sessionCookie).expect(200);
      const [{ secondsLeft }] = await testApp.dataSource.query<{ secondsLeft: number }[]>(
        `SELECT extract(epoch FROM expire - now())::int AS "secondsLeft" FROM http_sessions WHERE sid = $1`,
        [sessionIdOf(sessionCookie)],
      );
      expect(Math.abs(secondsLeft - testApp.config.session.ttlSeconds)).toBeLessThan(30);
    });

    it('tells a browser whose session ended why it must sign in again, and forgets the cookie', async () => {
      const ended = await signInSession(testApp, USERS.teacher);
      await testApp.ownerQuery(`UPDATE http_sessions SET expire = now() - interval '1 second' WHERE sid = $1`, [sessionIdOf(ended)]);
      const response = await request(testApp.baseUrl).get('/find-a-child').set('Cookie', ended).expect(401);
      expect(response.text).toContain('You have been signed out');
      expect(response.text).toContain('href="/auth/login?returnTo=%2Ffind-a-child"');
      expect(String(response.headers['set-cookie'])).toMatch(new RegExp(`${testApp.config.session.cookieName}=;.*Expires=Thu, 01 Jan 1970`));
    });
  });

  describe('what every page is sent with', () => {
    it.each([
      ['My children', () => '/'],
      ['Find a child', () => '/find-a-child'],
      ['Request access', () => '/request-access'],
      ['the team page', () => `/child/${connorId}/team`],
    ])('%s: no-store, a CSP with a fresh nonce and no inline script or style, no framing', async (_name, path: () => string) => {
      const response = await page(path()).expect(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['x-frame-options']).toBe('DENY');
      const csp = response.headers['content-security-policy'];
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toMatch(/frame-ancestors 'none'/);
      const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)![1];
      const scripts = [...response.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, body] of scripts) {
        expect(attributes).toMatch(/\ssrc="\/assets\//);
        expect(attributes).toContain(`nonce="${nonce}"`);
        expect(body.trim()).toBe('');
      }
      expect(response.text).not.toMatch(/<style\b|\sstyle="|\son[a-z]+="/i);
      const again = await page(path());
      expect(again.headers['content-security-policy']).not.toContain(nonce);
    });

    it('carries the session\'s token in every form, and puts no personal data in any address', async () => {
      const token = await formTokenOf(testApp, cookie);
      for (const path of ['/', '/find-a-child', '/request-access', `/child/${connorId}/team`, `/child/${connorId}/import`]) {
        const html = (await page(path)).text;
        const forms = [...html.matchAll(/<form\b[\s\S]*?<\/form>/g)].map(([form]) => form);
        for (const form of forms) expect(form).toContain(`<input type="hidden" name="_csrf" value="${token}">`);
        // Links go to pages by id only: no names, dates of birth or identifiers.
        for (const [, href] of html.matchAll(/href="([^"]+)"/g)) expect(href).toMatch(/^(\/|\/find-a-child|\/request-access|\/child\/[0-9a-f-]{36}\/(?:team|import)|\/assets\/[\w.-]+|\/api\/docs|#[\w-]+)$/);
      }
    });

    it('answers an unknown page with a page, and an unknown API route with JSON', async () => {
      const missing = await page('/no-such-page').expect(404);
      expect(missing.headers['content-type']).toContain('text/html');
      expect(missing.text).toContain('Page not found');
      const api = await request(testApp.baseUrl).get('/api/no-such-route').expect(404);
      expect(api.body.code).toBe('ROUTE_NOT_FOUND');
      const malformed = await page('/child/not-an-id/team').expect(404);
      expect(malformed.text).toContain('Page not found');
    });

    it('serves the stylesheet and scripts without govuk-frontend\'s GOV.UK fonts or crown', async () => {
      const script = await request(testApp.baseUrl).get('/assets/govuk-frontend.min.js').expect(200);
      expect(script.headers['cache-control']).toBe('public, max-age=3600');
      await request(testApp.baseUrl).get('/assets/application.js').expect(200);
      for (const path of ['/assets/fonts/bold-b542beb274-v2.woff2', '/assets/images/govuk-crest.svg', '/assets/images/favicon.ico']) {
        await request(testApp.baseUrl).get(path).expect(404);
      }
    });
  });

  describe('audit: a page is recorded as the API read it mirrors', () => {
    const eventsOf = async (correlationIds: string[]) =>
      testApp.dataSource.query<{ correlation_id: string; action: string; child_id: string | null; entry_ids: string[]; fields: string[]; relationship: string | null; details: Record<string, unknown> }[]>(
        `SELECT correlation_id, action, child_id, entry_ids, fields, relationship, details FROM audit.events WHERE correlation_id = ANY($1) ORDER BY action, child_id`,
        [correlationIds],
      );
    const without = (events: Awaited<ReturnType<typeof eventsOf>>) => events.map(({ correlation_id: _id, ...event }) => event);
    const correlation = (id: string) => ({ 'x-correlation-id': id });

    it.each([
      ['My children', () => '/', () => '/api/caseload'],
      ['the team page', () => `/child/${connorId}/team`, () => [`/api/children/${connorId}`, `/api/children/${connorId}/team`]],
    ])('%s', async (_name, pagePath: () => string, apiPaths: () => string | string[]) => {
      const pageId = `page-${Date.now()}`;
      await page(pagePath()).set(correlation(pageId)).expect(200);
      const apiIds: string[] = [];
      for (const [index, path] of [apiPaths()].flat().entries()) {
        apiIds.push(`api-${index}-${Date.now()}`);
        await request(testApp.baseUrl).get(path).set('Authorization', `Bearer ${await testApp.tokenFor(USERS.police)}`).set(correlation(apiIds[index])).expect(200);
      }
      const pageEvents = without(await eventsOf([pageId]));
      expect(pageEvents.length).toBeGreaterThan(0);
      expect(pageEvents).toEqual(without(await eventsOf(apiIds)));
    });

    it('a search, with the same criteria', async () => {
      const pageId = `search-page-${Date.now()}`;
      await request(testApp.baseUrl).post('/find-a-child').set('Cookie', cookie).set(correlation(pageId)).type('form').send({ name: 'Mitchell', _csrf: await formTokenOf(testApp, cookie) }).expect(200);
      const apiId = `search-api-${Date.now()}`;
      await request(testApp.baseUrl).get('/api/children?name=Mitchell').set('Authorization', `Bearer ${await testApp.tokenFor(USERS.police)}`).set(correlation(apiId)).expect(200);
      expect(without(await eventsOf([pageId]))).toEqual(without(await eventsOf([apiId])));
      expect((await eventsOf([pageId]))[0].details).toMatchObject({ criteria: ['name'], resultChildIds: [connorId] });
    });
  });

  describe('the API\'s rate limits', () => {
    let limited: TestApp;

    beforeAll(async () => {
      limited = await startTestApp({ env: { RATE_LIMIT_API_PER_SECOND: '1', RATE_LIMIT_API_BURST: '3' } });
    });

    afterAll(async () => {
      await limited?.close();
    });

    it('apply to pages, which say so as a page', async () => {
      const session = await signInSession(limited, USERS.police);
      let refusal: request.Response | undefined;
      for (let attempt = 0; attempt < 6 && !refusal; attempt += 1) {
        const response = await request(limited.baseUrl).get('/find-a-child').set('Cookie', session);
        if (response.status === 429) refusal = response;
      }
      expect(refusal?.text).toContain('Too many requests');
      expect(refusal?.headers['retry-after']).toBeDefined();
      // The bearer API shares the same per-user budget.
      expect((await apiFor(limited, USERS.police).get('/api/me')).status).toBe(429);
    });
  });
});
