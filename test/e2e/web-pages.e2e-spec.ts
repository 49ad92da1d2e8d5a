import request from 'supertest';
import { CookieJar, signInThroughProvider, step } from '../../src/dev-idp/dev-login';
import { DEFAULT_IMPORT_LIMITS } from '../../src/import/import-limits';
import { checkFormFieldsAtMost } from '../../src/web/pages/import.view-model';
import { apiFor, USERS } from '../support/fixtures';
import { formTokenOf, sessionIdOf, signInSession, withoutNonces } from '../support/sessions';
import { startTestApp, TestApp } from '../support/test-app';

/** The web pages over HTTP: how a browser gets in, what every page is sent with, and that pages are audited as the API reads they mirror. */
describe('web pages', () => {
  let testApp: TestApp;
  let cookie: string;
  let connorId: string;
  let policeEntryId: string;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { RATE_LIMIT_SIGN_IN_PER_MINUTE: '0' } });
    cookie = await signInSession(testApp, USERS.police);
    [{ id: connorId }] = await testApp.dataSource.query<{ id: string }[]>(`SELECT id FROM children WHERE given_name = 'Connor'`);
    [{ id: policeEntryId }] = await testApp.dataSource.query<{ id: string }[]>(
      `SELECT e.id FROM chronology_entries e JOIN agencies a ON a.id = e.source_agency_id WHERE e.child_id = $1 AND a.code = 'police-scotland' AND e.status <> 'entered-in-error' LIMIT 1`,
      [connorId],
    );
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

    it('after a form posted with an ended session, signs in again to the page the form was on, never elsewhere', async () => {
      const ended = await signInSession(testApp, USERS.teacher);
      await testApp.ownerQuery(`UPDATE http_sessions SET expire = now() - interval '1 second' WHERE sid = $1`, [sessionIdOf(ended)]);
      const unknown = '00000000-0000-4000-8000-000000000000';
      const returnTo = async (path: string) => {
        const response = await request(testApp.baseUrl).post(path).set('Cookie', ended).type('form').send({ _csrf: 'whatever', name: 'Connor' }).expect(401);
        expect(response.text).toContain('You have been signed out');
        return decodeURIComponent(/href="\/auth\/login\?returnTo=([^"]+)"/.exec(response.text)![1]);
      };
      // Most forms post to their own page; a button posts below the page it is on.
      expect(await returnTo('/find-a-child')).toBe('/find-a-child');
      expect(await returnTo(`/child/${connorId}/entries/new`)).toBe(`/child/${connorId}/entries/new`);
      expect(await returnTo(`/child/${connorId}/print/${unknown}`)).toBe(`/child/${connorId}/print`);
      expect(await returnTo(`/child/${connorId}/import/${unknown}/commit`)).toBe(`/child/${connorId}/import/${unknown}`);
      expect(await returnTo(`/inbox/${unknown}/read`)).toBe('/inbox');
    });
  });

  describe("the child's pages offered", () => {
    it('only those the policy lets the role use: the mentoring space to the charity, printing to those who may print', async () => {
      const offered = async (username: string) => {
        const html = (await request(testApp.baseUrl).get(`/child/${connorId}/team`).set('Cookie', await signInSession(testApp, username)).expect(200)).text;
        const navigation = html.slice(html.indexOf('aria-label="About this child"'), html.indexOf('</nav>', html.indexOf('aria-label="About this child"')));
        return [...navigation.matchAll(/href="\/child\/[0-9a-f-]{36}\/([\w/-]+)"/g)].map((match) => match[1]);
      };
      expect(await offered(USERS.police)).toEqual(['chronology', 'team', 'entries/new', 'import', 'print']);
      expect(await offered(USERS.mentor)).toEqual(['chronology', 'team', 'entries/new', 'import', 'print', 'mentoring']);
    });

    it('under emergency access, only what that access lets them do: no add, import or print offered, and those pages say so instead of offering a form', async () => {
      const [{ id: islaId }] = await testApp.dataSource.query<{ id: string }[]>(`SELECT id FROM children WHERE given_name = 'Isla'`);
      const claimed = await apiFor(testApp, USERS.teacher).post('/api/access-claims', { childId: islaId, kind: 'emergency', reason: 'A disclosure at school this morning; the team cannot be reached.' });
      expect(claimed.status).toBe(201);
      const teacher = await signInSession(testApp, USERS.teacher);
      const get = (path: string) => request(testApp.baseUrl).get(`/child/${islaId}/${path}`).set('Cookie', teacher);
      const team = (await get('team').expect(200)).text;
      const navigation = team.slice(team.indexOf('aria-label="About this child"'), team.indexOf('</nav>', team.indexOf('aria-label="About this child"')));
      expect([...navigation.matchAll(/href="\/child\/[0-9a-f-]{36}\/([\w/-]+)"/g)].map((match) => match[1])).toEqual(['chronology', 'team']);
      const chronology = (await get('chronology').expect(200)).text;
      expect(chronology).not.toContain(`href="/child/${islaId}/entries/new"`);
      expect(chronology).not.toContain(`href="/child/${islaId}/print"`);
      for (const path of ['entries/new', 'import', 'print']) {
        const html = (await get(path).expect(200)).text;
        expect({ path, forms: [...html.matchAll(/<form method="post" action="\/child\/[^"]+"/g)].length }).toEqual({ path, forms: 0 });
        expect(html).toMatch(/The access policy does not let you \([^)]+\) (record entries|print)/);
      }
      // On a child whose team they are on, the same user is offered all of them.
      expect((await request(testApp.baseUrl).get(`/child/${connorId}/import`).set('Cookie', teacher).expect(200)).text).toContain(`action="/child/${connorId}/import"`);
    });
  });

  describe('what every page is sent with', () => {
    it.each([
      ['My children', () => '/'],
      ['Find a child', () => '/find-a-child'],
      ['Request access', () => '/request-access'],
      ['the team page', () => `/child/${connorId}/team`],
      ['the chronology page', () => `/child/${connorId}/chronology`],
      ['the add-entry form', () => `/child/${connorId}/entries/new`],
      ['an entry', () => `/child/${connorId}/entries/${policeEntryId}`],
      ['why an entry is withheld', () => `/child/${connorId}/entries/${policeEntryId}/why`],
      ['amending an entry', () => `/child/${connorId}/entries/${policeEntryId}/amend`],
      ['marking an entry entered in error', () => `/child/${connorId}/entries/${policeEntryId}/entered-in-error`],
      ['sharing an entry', () => `/child/${connorId}/entries/${policeEntryId}/share`],
      ['printing a chronology', () => `/child/${connorId}/print`],
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
      const entry = `/child/${connorId}/entries/${policeEntryId}`;
      for (const path of ['/', '/find-a-child', '/request-access', `/child/${connorId}/team`, `/child/${connorId}/import`, `/child/${connorId}/chronology?significant=true&page=1&pageSize=2`, `/child/${connorId}/entries/new`, entry, `${entry}/why`, `${entry}/amend`, `${entry}/share`, `/child/${connorId}/print`]) {
        const html = (await page(path)).text;
        // A form that posts carries the token; one that gets (the chronology's filters) must not, or the token would be in the address.
        const forms = [...html.matchAll(/<form\b[\s\S]*?<\/form>/g)].map(([form]) => form);
        for (const form of forms.filter((form) => !form.startsWith('<form method="get"'))) expect(form).toContain(`<input type="hidden" name="_csrf" value="${token}">`);
        // Links go to pages by id only: no names, dates of birth or identifiers.
        for (const form of forms.filter((form) => form.startsWith('<form method="get"'))) expect(form).not.toContain('name="_csrf"');
        for (const [, href] of html.matchAll(/href="([^"]+)"/g)) expect(href).toMatch(/^(\/|\/find-a-child|\/request-access|\/inbox(\/seen-by\/[0-9a-f-]{36})?|\/child\/[0-9a-f-]{36}\/(team|import|print|entries\/(new|[0-9a-f-]{36}(\/(why|amend|entered-in-error|share))?)|chronology(\?(significant=true|page=\d+|pageSize=\d+)(&amp;(page|pageSize)=\d+)*)?)(#[\w-]+)?|\/assets\/[\w.-]+|\/api\/docs|#[\w-]+)$/);
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

  describe('a saved form', () => {
    it('redirects to the settings page, which says it was saved and shows what was stored, so reloading it sends nothing again', async () => {
      const saved = await request(testApp.baseUrl)
        .post('/settings/notifications')
        .set('Cookie', cookie)
        .type('form')
        .send({ email: 'no', _csrf: await formTokenOf(testApp, cookie) });
      expect([saved.status, saved.headers.location]).toEqual([303, '/settings/notifications?done=saved']);
      const shown = (await page(saved.headers.location).expect(200)).text;
      expect(shown).toContain('Your email setting was saved.');
      expect(shown).toMatch(/value="no" checked/);
      expect((await page('/settings/notifications').expect(200)).text).not.toContain('Your email setting was saved.');
    });

    it('sent back with a problem, shows no choice as made, since none could be taken', async () => {
      const refused = await request(testApp.baseUrl)
        .post('/settings/notifications')
        .set('Cookie', cookie)
        .type('form')
        .send({ email: 'maybe', _csrf: await formTokenOf(testApp, cookie) })
        .expect(400);
      expect(refused.text).toContain('Select whether to be emailed');
      expect(refused.text).not.toMatch(/name="email"[^>]*checked/);
    });
  });

  describe('a form the server cannot read', () => {
    const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
      const response = await request(testApp.baseUrl).post(path).set('Cookie', cookie).set(headers).type('form').send(body);
      return { status: response.status, type: response.type, heading: /<h1[^>]*>([^<]*)<\/h1>/.exec(response.text)?.[1], saysWhy: /more than Chronicle takes|could not read the form/.test(response.text) };
    };

    it.each([
      ['a summary pasted far over every limit of the largest form', () => `/child/${connorId}/entries/new`, (token: string) => `_csrf=${token}&summary=${'%E0%A4%B9'.repeat(120_000)}`, {}, 413],
      [
        'more fields than any form has (the import check, the largest)',
        () => '/find-a-child',
        (token: string) => `_csrf=${token}&${Array.from({ length: checkFormFieldsAtMost(DEFAULT_IMPORT_LIMITS) + 1 }, (_, i) => `f${i}=1`).join('&')}`,
        {},
        413,
      ],
      ['a body marked gzip that is not compressed', () => '/find-a-child', (token: string) => `_csrf=${token}&name=x`, { 'Content-Encoding': 'gzip' }, 400],
    ])('is answered, for %s, with a page that says so and a 4xx, never a 500 or JSON', async (_name, path, body, headers, status) => {
      const token = await formTokenOf(testApp, cookie);
      expect(await post(path(), body(token), headers)).toEqual({ status, type: 'text/html', heading: 'Your form could not be sent', saysWhy: true });
    });
  });

  describe('a form whose values no field may hold', () => {
    it('is answered, for a NUL pasted into the summary, with the form and the problem beside its field, as any other forbidden character', async () => {
      const body = `_csrf=${await formTokenOf(testApp, cookie)}&eventType=home-visit&summary=Visit%00ed`;
      const response = await request(testApp.baseUrl).post(`/child/${connorId}/entries/new`).set('Cookie', cookie).type('form').send(body);
      expect({ status: response.status, summary: response.text.includes('There is a problem'), says: response.text.includes('<a href="#summary">The summary must not contain the NUL character</a>') }).toEqual({
        status: 400,
        summary: true,
        says: true,
      });
    });

    it.each([
      ['a field named after a member of Object.prototype', (token: string) => `_csrf=${token}&hasOwnProperty=1`, 'HasOwnProperty is not a field of this request'],
    ])('is answered, for %s, with a page that says what was wrong: not "Page not found"', async (_name, body, problem) => {
      const response = await request(testApp.baseUrl).post(`/child/${connorId}/entries/new`).set('Cookie', cookie).type('form').send(body(await formTokenOf(testApp, cookie)));
      expect({ status: response.status, heading: /<h1[^>]*>([^<]*)<\/h1>/.exec(response.text)?.[1], says: response.text.includes(problem) }).toEqual({ status: 400, heading: 'Your form could not be sent', says: true });
    });

    it('still answers a malformed id in the address with "Page not found"', async () => {
      const response = await page('/child/not-a-child/chronology');
      expect({ status: response.status, heading: /<h1[^>]*>([^<]*)<\/h1>/.exec(response.text)?.[1] }).toEqual({ status: 404, heading: 'Page not found' });
    });
  });

  describe('an address whose %-escapes do not decode', () => {
    it.each(['/child/%/chronology', '/child/%E0%A4%A/chronology', '/dpo/children/%ZZ/access'])('%s is a missing page, as any malformed address of a page is, not JSON', async (path) => {
      const response = await page(path);
      expect({ status: response.status, type: response.type, heading: /<h1[^>]*>([^<]*)<\/h1>/.exec(response.text)?.[1] }).toEqual({ status: 404, type: 'text/html', heading: 'Page not found' });
    });
  });

  describe('pages behind a proxy that adds its own credentials', () => {
    it("a signed-in browser whose proxy sends Basic credentials with every request uses its pages from its session, which stays signed in", async () => {
      const cookie = await signInSession(testApp, USERS.socialWorker);
      const behindProxy = await request(testApp.baseUrl).get('/find-a-child').set('Cookie', cookie).set('Authorization', 'Basic Zm9vOmJhcg==');
      expect(behindProxy.status).toBe(200);
      expect(behindProxy.text).toContain('Find a child');
      expect((await request(testApp.baseUrl).get('/find-a-child').set('Cookie', cookie)).status).toBe(200);
      // The API takes credentials as a token, whatever their scheme.
      await request(testApp.baseUrl).get('/api/me').set('Cookie', cookie).set('Authorization', 'Basic Zm9vOmJhcg==').expect(401);
    });

    it('an address of the API in capitals is the API: its errors are JSON, and a token request there has no session', async () => {
      const response = await request(testApp.baseUrl).get('/API/children/%ZZ');
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      const cookie = await signInSession(testApp, USERS.socialWorker);
      const token = await testApp.tokenFor(USERS.socialWorker);
      const me = await request(testApp.baseUrl).get('/API/me').set('Cookie', cookie).set('Authorization', `Bearer ${token}`);
      expect(me.status).toBe(200);
      expect(me.headers['set-cookie']).toBeUndefined();
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
      // Every page's header also shows the unread notifications, counted as GET /api/notifications/unread-count counts them.
      ['My children', () => '/', () => ['/api/caseload', '/api/notifications/unread-count']],
      ['the team page', () => `/child/${connorId}/team`, () => [`/api/children/${connorId}`, `/api/children/${connorId}/team`, '/api/notifications/unread-count']],
      [
        'the chronology page, with the same filters',
        () => `/child/${connorId}/chronology?from-day=1&from-month=1&from-year=2020&agency=police-scotland&agency=calderbank-community-school&wellbeingIndicator=safe&page=1`,
        () => [`/api/children/${connorId}`, `/api/children/${connorId}/chronology?from=2020-01-01&agency=police-scotland,calderbank-community-school&wellbeingIndicator=safe&page=1`, '/api/notifications/unread-count'],
      ],
      ['the add-entry form', () => `/child/${connorId}/entries/new`, () => [`/api/children/${connorId}`, '/api/notifications/unread-count']],
      ['an entry', () => `/child/${connorId}/entries/${policeEntryId}`, () => [`/api/children/${connorId}`, `/api/entries/${policeEntryId}`, `/api/entries/${policeEntryId}/history`, '/api/notifications/unread-count']],
      ['why an entry is withheld', () => `/child/${connorId}/entries/${policeEntryId}/why`, () => [`/api/children/${connorId}`, `/api/policy/explain?childId=${connorId}&entryId=${policeEntryId}`, '/api/notifications/unread-count']],
      ['sharing an entry', () => `/child/${connorId}/entries/${policeEntryId}/share`, () => [`/api/children/${connorId}`, `/api/entries/${policeEntryId}`, `/api/entries/${policeEntryId}/sharing-decisions`, '/api/notifications/unread-count']],
      ['printing a chronology', () => `/child/${connorId}/print`, () => [`/api/children/${connorId}`, `/api/children/${connorId}/exports`, '/api/notifications/unread-count']],
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

    it("an entry's pages reached through another child: not found, and no read of the entry or the child in the audit trail, only the refusal", async () => {
      const [other] = await testApp.dataSource.query<{ entryId: string; childId: string }[]>(
        `SELECT e.id AS "entryId", e.child_id AS "childId" FROM chronology_entries e JOIN agencies a ON a.id = e.source_agency_id
          WHERE e.child_id <> $1 AND a.code = 'police-scotland' AND e.status <> 'entered-in-error' LIMIT 1`,
        [connorId],
      );
      // The police user may read the entry on its own child's pages.
      await page(`/child/${other.childId}/entries/${other.entryId}`).expect(200);
      for (const path of ['', '/amend', '/entered-in-error', '/share']) {
        const pageId = `other-child${path.replace('/', '-')}-${Date.now()}`;
        await page(`/child/${connorId}/entries/${other.entryId}${path}`).set(correlation(pageId)).expect(404);
        // Nor a read of the child's record: the page showed none of it.
        const events = await testApp.dataSource.query<{ action: string; outcome: string; entry_ids: string[] }[]>(
          `SELECT action, outcome, entry_ids FROM audit.events WHERE correlation_id = $1 AND action <> 'notification.count'`,
          [pageId],
        );
        expect(events).toEqual([{ action: 'entry.read', outcome: 'denied', entry_ids: [other.entryId] }]);
      }
    });

    it("a post through another child's address acts on nothing: not found as for an id that names nothing, nothing written, only the refusal in the audit trail", async () => {
      const [other] = await testApp.dataSource.query<{ entryId: string; childId: string }[]>(
        `SELECT e.id AS "entryId", e.child_id AS "childId" FROM chronology_entries e JOIN agencies a ON a.id = e.source_agency_id
          WHERE e.child_id <> $1 AND a.code = 'police-scotland' AND e.status <> 'entered-in-error' LIMIT 1`,
        [connorId],
      );
      // The police user may share the entry, and make its child's printed copy again, through that child's own address.
      const printed = await apiFor(testApp, USERS.police).post(`/api/children/${other.childId}/exports`, { audience: 'childrens-hearing', purpose: 'Hearing on 2 Dec 2026', producedFor: 'Panel members' });
      expect(printed.status).toBe(201);
      const otherExportId = printed.headers['x-export-id'];
      const unknown = '00000000-0000-4000-8000-000000000000';
      const share = { recipientAgency: 'nhs-lanarkshire', decision: 'shared', purpose: 'Health follow-up', necessity: 'The health visitor must know', lawfulBasis: 'Public task', familyInformed: 'yes' };
      const token = await formTokenOf(testApp, cookie);
      const post = (path: string, form: Record<string, string>, pageId: string) => request(testApp.baseUrl).post(path).set('Cookie', cookie).set(correlation(pageId)).type('form').send({ ...form, _csrf: token });
      const counts = async () =>
        (await testApp.dataSource.query<{ decisions: number; exports: number }[]>(`SELECT (SELECT count(*)::int FROM sharing_decisions) AS decisions, (SELECT count(*)::int FROM exports) AS exports`))[0];
      const before = await counts();
      const cases = [
        { action: 'entry.share', id: other.entryId, path: (entryId: string) => `/child/${connorId}/entries/${entryId}/share`, form: share, details: { reason: 'entry-not-visible' } },
        { action: 'export.regenerate', id: otherExportId, path: (exportId: string) => `/child/${connorId}/print/${exportId}`, form: {}, details: { reason: 'export-not-found', exportId: otherExportId } },
      ];
      const answered = [];
      for (const { action, id, path, form } of cases) {
        const pageId = `through-connor-${action}-${Date.now()}`;
        const refused = await post(path(id), form, pageId);
        const nothing = await post(path(unknown), form, `${pageId}-unknown`);
        const events = await testApp.dataSource.query<{ action: string; outcome: string; child_id: string; details: Record<string, unknown> }[]>(
          `SELECT action, outcome, child_id, details FROM audit.events WHERE correlation_id = $1 AND action <> 'notification.count'`,
          [pageId],
        );
        answered.push({ action, status: refused.status, asForNoSuchId: withoutNonces(refused.text) === withoutNonces(nothing.text), events });
      }
      expect(answered).toEqual(cases.map(({ action, details }) => ({ action, status: 404, asForNoSuchId: true, events: [{ action, outcome: 'denied', child_id: connorId, details }] })));
      expect(await counts()).toEqual(before);
    });

    it("an entry's amend, entered-in-error and share pages refuse another agency before reading the entry: the audit trail holds the refusal, not a read", async () => {
      const socialWorker = await signInSession(testApp, USERS.socialWorker);
      // The social worker reads the police entry on its own page...
      await request(testApp.baseUrl).get(`/child/${connorId}/entries/${policeEntryId}`).set('Cookie', socialWorker).expect(200);
      for (const path of ['amend', 'entered-in-error', 'share']) {
        const pageId = `not-theirs-${path}-${Date.now()}`;
        const refused = await request(testApp.baseUrl).get(`/child/${connorId}/entries/${policeEntryId}/${path}`).set('Cookie', socialWorker).set(correlation(pageId)).expect(403);
        expect(refused.text).toContain('Only the agency that recorded an entry');
        const events = await testApp.dataSource.query<{ action: string; outcome: string }[]>(
          `SELECT action, outcome FROM audit.events WHERE correlation_id = $1 AND action <> 'notification.count'`,
          [pageId],
        );
        expect(events).toEqual([{ action: 'entry.read', outcome: 'denied' }]);
      }
    });

    it("a child's pages refused to a reader who may see the child's record leave no read of the record, only the refusal", async () => {
      for (const [username, path] of [
        [USERS.admin, `/child/${connorId}/chronology`],
        [USERS.socialWorker, `/child/${connorId}/mentoring`],
      ]) {
        const pageId = `refused-${username.replace('.', '-')}-${Date.now()}`;
        const refused = await request(testApp.baseUrl).get(path).set('Cookie', await signInSession(testApp, username)).set(correlation(pageId));
        expect({ path, status: refused.status }).toEqual({ path, status: 403 });
        const events = await testApp.dataSource.query<{ action: string; outcome: string }[]>(
          `SELECT action, outcome FROM audit.events WHERE correlation_id = $1 AND action <> 'notification.count'`,
          [pageId],
        );
        expect(events.map((event) => event.outcome)).toEqual(['denied']);
      }
    });

    it('the chronology page with filters the API refuses: every problem in the page\'s words, and no chronology read', async () => {
      const pageId = `bad-filters-${Date.now()}`;
      const response = await page(`/child/${connorId}/chronology?from-day=31&from-month=2&from-year=2024&wellbeingIndicator=happy&agency=nowhere`).set(correlation(pageId)).expect(400);
      expect(response.text).toContain('There is a problem');
      for (const [href, text] of [
        ['#from-day', 'The start of the period must be a real date'],
        ['#agency', 'Choose agencies from the list'],
        ['#wellbeingIndicator', 'Choose wellbeing indicators from the list: safe, healthy, achieving, nurtured, active, respected, responsible, included'],
      ]) {
        expect(response.text).toContain(`<a href="${href}">${text}</a>`);
      }
      expect(response.text).not.toContain('<table');
      expect((await eventsOf([pageId])).map((event) => event.action)).toEqual(['child.read', 'notification.count']);
    });

    it('the chronology page with a bad page number and page size: both problems listed, 400, nothing read', async () => {
      const pageId = `bad-paging-${Date.now()}`;
      const response = await page(`/child/${connorId}/chronology?page=-1&pageSize=0`).set(correlation(pageId)).expect(400);
      const listed = [...response.text.matchAll(/<a href="(#[^"]+)">([^<]+)<\/a>/g)].filter(([, href]) => href === '#filters').map(([, , text]) => text);
      expect(listed).toEqual(['The page number must be a whole number from 1', 'The number of entries on a page must be from 1 to 2,000']);
      expect(response.text).not.toContain('<table');
      expect((await eventsOf([pageId])).map((event) => event.action)).toEqual(['child.read', 'notification.count']);
    });

    it('the chronology page past its last page says so, and links to the last page and the first', async () => {
      const api = await request(testApp.baseUrl).get(`/api/children/${connorId}/chronology?pageSize=5`).set('Authorization', `Bearer ${await testApp.tokenFor(USERS.police)}`).expect(200);
      const pages = Math.ceil(api.body.total / 5);
      expect(pages).toBeGreaterThan(1);
      const response = await page(`/child/${connorId}/chronology?pageSize=5&page=99999`).expect(200);
      expect(response.text).not.toContain('There are no entries you may see in this chronology yet');
      expect(response.text).toContain(`There is no page 99999: the entries you may see in this chronology (${api.body.total}) fill ${pages} pages.`);
      expect(response.text).toContain(`<a class="govuk-link" href="/child/${connorId}/chronology?pageSize=5&amp;page=${pages}">the last page (page ${pages})</a>`);
      expect(response.text).toContain(`<a class="govuk-link" href="/child/${connorId}/chronology?pageSize=5&amp;page=1">the first page</a>`);
    });

    it('the chronology page pages as the API does, each page\'s address keeping the filters', async () => {
      const api = await request(testApp.baseUrl)
        .get(`/api/children/${connorId}/chronology?includeEnteredInError=true&pageSize=2&page=2`)
        .set('Authorization', `Bearer ${await testApp.tokenFor(USERS.police)}`)
        .expect(200);
      expect(api.body.total).toBeGreaterThan(4);
      const response = await page(`/child/${connorId}/chronology?includeEnteredInError=true&pageSize=2&page=2`).expect(200);
      // The rows are written as bytes and spliced into the page: it is still one whole HTML page, rows inside the table.
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      const html = response.text;
      expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(html));
      expect(html).toMatch(/<tbody class="govuk-table__body">\s*<tr id="entry-[^]*<\/tr>\n\s*<\/tbody>[^]*<\/html>\s*$/);
      expect(html).toContain(`Entries 3 to 4 of ${api.body.total}, in date order`);
      const base = `/child/${connorId}/chronology?includeEnteredInError=true&amp;pageSize=2`;
      expect(html).toContain(`href="${base}&amp;page=1"`);
      expect(html).toContain(`href="${base}&amp;page=3"`);
      const rowIds = [...html.matchAll(/<tr id="entry-([0-9a-f-]{36})"/g)].map((match) => match[1]);
      expect(rowIds).toEqual(api.body.items.map((item: { id: string }) => item.id));
    });

    it('a day typed beside "the month only" is reported, not dropped, and nothing is written', async () => {
      const [{ count: before }] = await testApp.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM chronology_entries`);
      const form = { 'eventDate-day': '9', 'eventDate-month': '6', 'eventDate-year': '2025', datePrecision: 'month', eventType: 'concern-raised', summary: 'Seen at the station.', actionTaken: 'Taken home.' };
      const answer = await request(testApp.baseUrl).post(`/child/${connorId}/entries/new`).set('Cookie', cookie).type('form').send({ ...form, _csrf: await formTokenOf(testApp, cookie) }).expect(400);
      expect(answer.text).toContain('The date of the event: leave the day empty if you know only the month, or say you know the exact day');
      const [{ count: after }] = await testApp.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM chronology_entries`);
      expect(after).toBe(before);
    });

    it('names a CHI number as people do when it is not 10 digits', async () => {
      const answer = await request(testApp.baseUrl).post('/request-access').set('Cookie', cookie).type('form').send({ scheme: 'chi', identifier: '123', kind: 'emergency', reason: 'x'.repeat(40), _csrf: await formTokenOf(testApp, cookie) }).expect(400);
      expect(answer.text).toContain('A CHI number must be 10 digits');
      expect(answer.text).not.toMatch(/chi identifier/i);
    });

    it('an entry added through the form, as one added through the API: the same fields written', async () => {
      const pageId = `add-page-${Date.now()}`;
      const form = { 'eventDate-day': '3', 'eventDate-month': '6', 'eventDate-year': '2025', eventType: 'concern-raised', summary: 'Seen at the station; taken home.', actionTaken: 'Home visit the same evening.' };
      const posted = await request(testApp.baseUrl).post(`/child/${connorId}/entries/new`).set('Cookie', cookie).set(correlation(pageId)).type('form').send({ ...form, _csrf: await formTokenOf(testApp, cookie) }).expect(303);
      expect(posted.headers.location).toMatch(new RegExp(`^/child/${connorId}/chronology#entry-[0-9a-f-]{36}$`));
      const apiId = `add-api-${Date.now()}`;
      await request(testApp.baseUrl)
        .post(`/api/children/${connorId}/entries`)
        .set('Authorization', `Bearer ${await testApp.tokenFor(USERS.police)}`)
        .set(correlation(apiId))
        .send({ eventDate: '2025-06-03', eventType: 'concern-raised', summary: 'Seen at the station; taken home.', actionTaken: 'Home visit the same evening.' })
        .expect(201);
      const shape = (events: Awaited<ReturnType<typeof eventsOf>>) => without(events).map(({ entry_ids: ids, ...event }) => ({ ...event, entries: ids.length }));
      expect(shape(await eventsOf([pageId]))).toEqual(shape(await eventsOf([apiId])));
      expect((await eventsOf([pageId])).map((event) => event.action)).toEqual(['entry.create']);
    });

    it('a form with problems writes nothing and is answered 400 with the problems', async () => {
      const before = await testApp.dataSource.query<{ count: string }[]>(`SELECT count(*) FROM chronology_entries WHERE child_id = $1`, [connorId]);
      const answer = await request(testApp.baseUrl)
        .post(`/child/${connorId}/entries/new`)
        .set('Cookie', cookie)
        .type('form')
        .send({ 'eventDate-day': '3', 'eventDate-month': '6', 'eventDate-year': '2999', eventType: 'no-such-type', summary: 'x', _csrf: await formTokenOf(testApp, cookie) })
        .expect(400);
      expect(answer.text).toContain('There is a problem');
      expect(answer.text).toContain('Select the type of event');
      expect(answer.text).toContain('The date of the event must be a real date, from 1900, and not in the future');
      expect(answer.text).toContain('Record the action taken, or why none was taken');
      expect(await testApp.dataSource.query(`SELECT count(*) FROM chronology_entries WHERE child_id = $1`, [connorId])).toEqual(before);
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
