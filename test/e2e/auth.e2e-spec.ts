import express from 'express';
import { generateKeyPair, importJWK, JWK as JoseJwk, SignJWT } from 'jose';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Server } from 'node:http';
import * as path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { loadDemoData } from '../../src/demo/demo-data';
import { createDevIdentityProvider } from '../../src/dev-idp/dev-identity-provider';
import { CookieJar, obtainDevAccessToken, signInThroughProvider, step } from '../../src/dev-idp/dev-login';
import { createChildWithTeam, USERS } from '../support/fixtures';
import { freePort, startTestApp, TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '..', '..');

describe('authentication', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp?.close();
  });

  const failedAuthentications = async (): Promise<number> => {
    const [{ count }] = await testApp.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM audit.events WHERE action = 'auth.authenticate' AND outcome = 'failed'`,
    );
    return count;
  };

  /** A token with real claims signed by the development provider's real key, so only the property under test is wrong. */
  const signWithProviderKey = async (overrides: Record<string, unknown>): Promise<string> => {
    const key = testApp.idp.signingKey;
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: USERS.healthVisitor,
      iss: testApp.config.oidc.issuer,
      aud: testApp.config.oidc.audience,
      iat: now - 60,
      exp: now + 600,
      agency: 'nhs-lanarkshire',
      role: 'practitioner',
      name: 'Helen Hughes',
      scope: 'chronicle',
      ...overrides,
    };
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' }).sign(await importJWK(key as JoseJwk, 'RS256'));
  };

  describe('GET /health', () => {
    it('reports liveness and database readiness without authentication', async () => {
      const response = await request(testApp.baseUrl).get('/health').expect(200);
      expect(response.body).toEqual({ status: 'ok', live: true, database: 'up', jobs: 'ok' });
    });
  });

  describe('GET /api/me with a bearer token', () => {
    it('requires authentication', async () => {
      const response = await request(testApp.baseUrl).get('/api/me').expect(401);
      expect(response.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
      expect(response.body.correlationId).toEqual(expect.any(String));
    });

    it('returns who the caller is, from a token issued by the real provider', async () => {
      const response = await request(testApp.baseUrl)
        .get('/api/me')
        .set('Authorization', `Bearer ${await testApp.tokenFor(USERS.healthVisitor)}`)
        .expect(200);
      expect(response.body).toMatchObject({
        subject: 'hv.hughes',
        name: 'Helen Hughes',
        role: 'practitioner',
        jobTitle: 'Health visitor',
        agency: { code: 'nhs-lanarkshire', type: 'health', name: 'NHS Lanarkshire' },
        authenticatedBy: 'bearer',
      });
    });

    it.each([
      ['garbage', async () => 'not-a-jwt'],
      ['unsigned (alg none)', async () => {
        const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: USERS.healthVisitor, iss: testApp.config.oidc.issuer, aud: testApp.config.oidc.audience, exp: now + 600, agency: 'nhs-lanarkshire', role: 'practitioner' })}.`;
      }],
      ['for another audience', async () => signWithProviderKey({ aud: 'some-other-api' })],
      ['naming another issuer, signed with the real key', async () => signWithProviderKey({ iss: 'https://login.example.org/realms/elsewhere' })],
      ['not yet valid (nbf an hour ahead)', async () => signWithProviderKey({ nbf: Math.floor(Date.now() / 1000) + 3600 })],
      ['signed with another key under the real key id', async () => {
        const { privateKey } = await generateKeyPair('RS256');
        const now = Math.floor(Date.now() / 1000);
        return new SignJWT({ sub: USERS.healthVisitor, iss: testApp.config.oidc.issuer, aud: testApp.config.oidc.audience, iat: now, exp: now + 600, agency: 'nhs-lanarkshire', role: 'practitioner' })
          .setProtectedHeader({ alg: 'RS256', kid: testApp.idp.signingKey.kid, typ: 'at+jwt' })
          .sign(privateKey);
      }],
      ['with a tampered role', async () => {
        const [header, payload, signature] = (await testApp.tokenFor(USERS.healthVisitor)).split('.');
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
        return `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'administrator' })).toString('base64url')}.${signature}`;
      }],
    ])('rejects a token that is %s with 401 TOKEN_INVALID and audits the failure', async (_name, makeToken) => {
      const before = await failedAuthentications();
      const response = await request(testApp.baseUrl).get('/api/me').set('Authorization', `Bearer ${await makeToken()}`).expect(401);
      expect(response.body.code).toBe('TOKEN_INVALID');
      expect(await failedAuthentications()).toBe(before + 1);
    });

    it('rejects an expired token with 401 TOKEN_EXPIRED and audits the failure', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = await signWithProviderKey({ iat: now - 7200, exp: now - 3600 });
      const before = await failedAuthentications();
      const response = await request(testApp.baseUrl).get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(response.body.code).toBe('TOKEN_EXPIRED');
      expect(await failedAuthentications()).toBe(before + 1);
    });

    it('accepts a token signed the same way when it is in date (the expired case is not failing for another reason)', async () => {
      await request(testApp.baseUrl).get('/api/me').set('Authorization', `Bearer ${await signWithProviderKey({})}`).expect(200);
    });

    it('rejects a token from another issuer with 401', async () => {
      const port = await freePort();
      const issuer = `http://127.0.0.1:${port}/idp`;
      const otherProvider = createDevIdentityProvider({
        issuer,
        audience: testApp.config.oidc.audience,
        webClient: { clientId: 'other-web', clientSecret: 'other-secret', redirectUri: `http://127.0.0.1:${port}/cb` },
        users: loadDemoData(testApp.config.configDir).users,
        cookieSecret: 'another-provider-entirely-with-its-own-secret',
      });
      const server: Server = express().use('/idp', otherProvider.router).listen(port, '127.0.0.1');
      try {
        const foreignToken = await obtainDevAccessToken(issuer, USERS.healthVisitor);
        const response = await request(testApp.baseUrl).get('/api/me').set('Authorization', `Bearer ${foreignToken}`).expect(401);
        expect(response.body.code).toBe('TOKEN_INVALID');
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('takes the role from a list of roles (as Entra ID and Keycloak send them) when exactly one is this service\'s', async () => {
      const listed = await request(testApp.baseUrl).get('/api/me').set('Authorization', `Bearer ${await signWithProviderKey({ role: ['Everyone', 'practitioner'] })}`).expect(200);
      expect(listed.body.role).toBe('practitioner');
      const ambiguous = await request(testApp.baseUrl).get('/api/me').set('Authorization', `Bearer ${await signWithProviderKey({ role: ['practitioner', 'administrator'] })}`).expect(403);
      expect(ambiguous.body.code).toBe('ACCOUNT_NOT_RECOGNISED');
    });

    it('refuses a valid token whose agency is not registered, with 403 ACCOUNT_NOT_RECOGNISED', async () => {
      const response = await request(testApp.baseUrl)
        .get('/api/me')
        .set('Authorization', `Bearer ${await signWithProviderKey({ agency: 'no-such-agency' })}`)
        .expect(403);
      expect(response.body.code).toBe('ACCOUNT_NOT_RECOGNISED');
    });

    it('rejects a malformed Authorization header with 401', async () => {
      const response = await request(testApp.baseUrl).get('/api/me').set('Authorization', 'Basic dXNlcjpwYXNz').expect(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('browser sign-in (authorization code + PKCE, server-side session)', () => {
    it('signs in through the provider and keeps the session in PostgreSQL', async () => {
      const jar = new CookieJar();
      const callbackUrl = `${testApp.baseUrl}/auth/callback`;
      const start = await step(`${testApp.baseUrl}/auth/login?returnTo=/api/me`, jar);
      expect(start.response.status).toBe(303);
      expect(start.location).toContain(`${testApp.config.oidc.issuer}/auth?`);
      expect(start.location).toContain('code_challenge_method=S256');

      const callback = await signInThroughProvider(start.location!, USERS.teacher, jar, callbackUrl);
      const completed = await step(callback, jar);
      expect(completed.response.status).toBe(303);
      expect(completed.location).toBe(`${testApp.baseUrl}/api/me`);

      const sessionCookie = jar.get(testApp.config.session.cookieName);
      expect(sessionCookie).toBeDefined();
      const me = await request(testApp.baseUrl).get('/api/me').set('Cookie', `${testApp.config.session.cookieName}=${sessionCookie}`).expect(200);
      expect(me.body).toMatchObject({ subject: USERS.teacher, role: 'practitioner', authenticatedBy: 'session' });

      const sid = decodeURIComponent(sessionCookie!).replace(/^s:/, '').split('.')[0];
      const [{ count }] = await testApp.dataSource.query<{ count: number }[]>('SELECT count(*)::int AS count FROM http_sessions WHERE sid = $1', [sid]);
      expect(count).toBe(1);

      // A browser's sign-out says where it comes from; one that proves nothing is refused (cross-site.e2e-spec.ts).
      const logout = await request(testApp.baseUrl).post('/auth/logout').set('Cookie', `${testApp.config.session.cookieName}=${sessionCookie}`).set('Origin', testApp.baseUrl).expect(204);
      await request(testApp.baseUrl).get('/api/me').set('Cookie', `${testApp.config.session.cookieName}=${sessionCookie}`).expect(401);

      const signIns = await testApp.dataSource.query<{ action: string; outcome: string; actor_subject: string; actor_agency: string; actor_role: string; purpose: string }[]>(
        `SELECT action, outcome, actor_subject, actor_agency, actor_role, purpose FROM audit.events
          WHERE action IN ('auth.login', 'auth.logout') AND actor_subject = $1 AND correlation_id IN ($2, $3) ORDER BY id`,
        [USERS.teacher, completed.response.headers.get('x-correlation-id'), logout.headers['x-correlation-id']],
      );
      expect(signIns).toEqual([
        { action: 'auth.login', outcome: 'success', actor_subject: USERS.teacher, actor_agency: 'calderbank-community-school', actor_role: 'practitioner', purpose: 'authentication' },
        { action: 'auth.logout', outcome: 'success', actor_subject: USERS.teacher, actor_agency: 'calderbank-community-school', actor_role: 'practitioner', purpose: 'authentication' },
      ]);
    });

    const failedSignIn = async (correlationId: string | null | undefined): Promise<unknown> => {
      const [event] = await testApp.dataSource.query<{ outcome: string; details: { reason: string } }[]>(
        `SELECT outcome, details FROM audit.events WHERE action = 'auth.login' AND correlation_id = $1`,
        [correlationId],
      );
      return event;
    };

    it('refuses a callback with no sign-in in progress, and audits the failed sign-in', async () => {
      const response = await request(testApp.baseUrl).get('/auth/callback?code=forged&state=forged').expect(400);
      expect(response.body.code).toBe('AUTH_FLOW_FAILED');
      expect(await failedSignIn(response.headers['x-correlation-id'])).toMatchObject({ outcome: 'failed', details: { reason: 'no-sign-in-in-progress' } });
    });

    it('refuses a callback whose state does not match the session, and audits the failed sign-in', async () => {
      const jar = new CookieJar();
      await step(`${testApp.baseUrl}/auth/login`, jar);
      const response = await step(`${testApp.baseUrl}/auth/callback?code=forged&state=wrong`, jar);
      expect(response.response.status).toBe(400);
      expect(await failedSignIn(response.response.headers.get('x-correlation-id'))).toMatchObject({ outcome: 'failed', details: { reason: 'code-exchange-failed' } });
    });
  });

  describe("a browser's routes asked for with an Authorization header (a script's token, a proxy's Basic credentials)", () => {
    it.each(['Bearer not-a-token', 'Basic Zm9vOmJhcg=='])('sign-in answers %s as it answers a browser, never with a 500', async (authorization) => {
      const login = await request(testApp.baseUrl).get('/auth/login').set('Authorization', authorization);
      expect(login.status).toBe(303);
      expect(new URL(login.headers.location).origin).toBe(new URL(testApp.config.oidc.issuer).origin);
      const callback = await request(testApp.baseUrl).get('/auth/callback?code=forged&state=forged').set('Authorization', authorization);
      expect({ status: callback.status, code: callback.body.code }).toEqual({ status: 400, code: 'AUTH_FLOW_FAILED' });
      await request(testApp.baseUrl).post('/auth/logout').set('Authorization', authorization).expect(204);
    });

    it('the pages that keep a step in the session answer a valid token as they answer a browser that has not taken the step', async () => {
      const childId = await createChildWithTeam(testApp, [{ username: USERS.socialWorker, capacity: 'allocated-social-worker' }]);
      const bearer = `Bearer ${await testApp.tokenFor(USERS.socialWorker)}`;
      const asked = async (method: 'get' | 'post', path: string) => {
        const response = await request(testApp.baseUrl)[method](path).set('Authorization', bearer).type('form').send(method === 'post' ? 'a=1' : '');
        return `${method.toUpperCase()} ${path} -> ${response.status} ${response.headers.location ?? ''}`;
      };
      const importId = randomUUID();
      expect([
        await asked('get', '/request-access/granted'),
        await asked('get', `/child/${childId}/import/${importId}`),
        await asked('post', `/child/${childId}/import/${importId}`),
        await asked('post', `/child/${childId}/import/${importId}/commit`),
        await asked('get', `/child/${childId}/import/${importId}/done`),
        await asked('post', '/sign-out'),
      ]).toEqual([
        'GET /request-access/granted -> 303 /request-access',
        `GET /child/${childId}/import/${importId} -> 303 /child/${childId}/import`,
        `POST /child/${childId}/import/${importId} -> 303 /child/${childId}/import`,
        `POST /child/${childId}/import/${importId}/commit -> 303 /child/${childId}/import`,
        `GET /child/${childId}/import/${importId}/done -> 303 /child/${childId}/import`,
        'POST /sign-out -> 303 /signed-out',
      ]);
    });
  });

  describe('npm run token', () => {
    const run = promisify(execFile);

    it('lists the demo users, one per line: username, agency, agency type, role', async () => {
      const { stdout } = await run('npm', ['run', '--silent', 'token'], { cwd: ROOT });
      const lines = stdout.trim().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(5);
      expect(lines).toContain('hv.hughes\tNHS Lanarkshire\thealth\tpractitioner');
      for (const line of lines) expect(line.split('\t')).toHaveLength(4);
    });

    it('prints a working access token for a demo user', async () => {
      const { stdout } = await run('npm', ['run', '--silent', 'token', '--', USERS.police], {
        cwd: ROOT,
        env: { ...process.env, PUBLIC_URL: testApp.baseUrl, DATABASE_URL: testApp.databaseUrl },
      });
      const response = await request(testApp.baseUrl).get('/api/me').set('Authorization', `Bearer ${stdout.trim()}`).expect(200);
      expect(response.body).toMatchObject({ subject: USERS.police, agency: { type: 'police' } });
    });
  });
});
