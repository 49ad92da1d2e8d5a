import { connect } from 'node:net';
import request from 'supertest';
import { UNSIZED_BODY_LIMIT_BYTES } from '../../src/common/body-limits';
import { apiFor, createChildWithTeam, tableCounts, USERS } from '../support/fixtures';
import { formTokenOf, signInSession } from '../support/sessions';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Bodies are read before anyone is authenticated, so each is read only as far as what it is for
 * may legitimately need (docs/api.md, PAYLOAD_TOO_LARGE): a route's own DTO sizes its JSON (an
 * entry, hundreds of kilobytes in the worst script), every other request stays small, and a page
 * form is read in full only for a signed-in session.
 */
describe('body limits', () => {
  let testApp: TestApp;
  let childId: string;
  const OVER_UNSIZED = 'a'.repeat(UNSIZED_BODY_LIMIT_BYTES + 1024);

  beforeAll(async () => {
    testApp = await startTestApp({ env: { RATE_LIMIT_SIGN_IN_PER_MINUTE: '0' } });
    childId = await createChildWithTeam(testApp, [{ username: USERS.healthVisitor, capacity: 'health-visitor' }]);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  it('reads no more than an unsized body for a route whose DTO is small, or no route at all', async () => {
    const before = await tableCounts(testApp);
    for (const path of ['/api/access-claims', '/api/no-such-route']) {
      const response = await apiFor(testApp, USERS.teacher).post(path, { childId, kind: 'emergency', reason: OVER_UNSIZED });
      expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status: 413, code: 'PAYLOAD_TOO_LARGE' });
    }
    expect(await tableCounts(testApp)).toEqual(before);
  });

  it('reads an entry up to what its DTO allows, on its own route', async () => {
    const response = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, { detail: OVER_UNSIZED });
    // Read, then refused for what it says (the detail too long, the essentials missing), not for its size.
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });

  it('does not read a large form from someone not signed in: the page asks them to sign in', async () => {
    const response = await request(testApp.baseUrl).post(`/child/${childId}/entries/new`).type('form').send(`summary=${OVER_UNSIZED}`);
    expect(response.status).not.toBe(413);
    expect([response.status, response.headers.location]).toEqual([303, expect.stringMatching(/^\/auth\/login\?returnTo=/)]);
  });

  it("reads a signed-in session's form of as many fields as the import check's (two a column, a box a repeated row)", async () => {
    const cookie = await signInSession(testApp, USERS.healthVisitor);
    const fields = new URLSearchParams({ _csrf: await formTokenOf(testApp, cookie) });
    for (let column = 0; column < 60; column += 1) {
      fields.set(`columnName-${column}`, `Column ${column}`);
      fields.set(`column-${column}`, '');
    }
    for (let row = 2; row < 200; row += 1) fields.set(`keep-${row}`, 'yes');
    const response = await request(testApp.baseUrl).post(`/child/${childId}/import/00000000-0000-4000-8000-000000000000`).set('Cookie', cookie).type('form').send(fields.toString());
    // Read whole, past its token check, and then answered for what it names (no import in progress: back to the upload), not refused as too many fields.
    expect([response.status, response.headers.location]).toEqual([303, `/child/${childId}/import`]);
  });
  describe('a request Node cannot hand to the application', () => {
    /** Sends raw bytes and reads the whole answer, as a client whose request never reaches a handler gets it. */
    const raw = (bytes: string): Promise<{ status: number; type: string | undefined; body: Record<string, unknown> }> =>
      new Promise((resolve, reject) => {
        const { hostname, port } = new URL(testApp.baseUrl);
        const socket = connect(Number(port), hostname, () => socket.end(bytes));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
        socket.on('error', reject);
        socket.on('close', () => {
          const [head, body] = answer.split('\r\n\r\n');
          resolve({ status: Number(head.split(' ')[1]), type: /content-type: ([^;\r]+)/i.exec(head)?.[1], body: JSON.parse(body) });
        });
      });

    it.each([
      ['headers over the limit (a 20 KB token)', `GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
      ['a request line that is not HTTP', 'NOT HTTP AT ALL\r\n\r\n', 400, 'MALFORMED_REQUEST'],
    ])('answers %s in the one error shape', async (_name, bytes, status, code) => {
      const answer = await raw(bytes);
      expect(answer).toEqual({ status, type: 'application/json', body: { statusCode: status, code, message: expect.any(String), correlationId: expect.any(String) } });
    });
  });
  describe('a method an address does not take', () => {
    it.each([
      ['PUT', () => `/api/children/${childId}/exports`, 'GET, HEAD, POST'],
      ['DELETE', () => `/api/children/${childId}`, 'GET, HEAD'],
      ['PATCH', () => '/api/entries/00000000-0000-4000-8000-000000000000/amendments', 'POST'],
    ])('answers %s with 405 and the methods it takes', async (method, path, allowed) => {
      const before = await tableCounts(testApp);
      const response = await request(testApp.baseUrl)[method.toLowerCase() as 'put'](path()).set('Authorization', `Bearer ${await testApp.tokenFor(USERS.healthVisitor)}`);
      expect({ status: response.status, code: response.body.code, allow: response.headers.allow }).toEqual({ status: 405, code: 'METHOD_NOT_ALLOWED', allow: allowed });
      expect(await tableCounts(testApp)).toEqual(before);
    });

    it('still answers an address no route has with 404', async () => {
      const response = await request(testApp.baseUrl).put('/api/no-such-route').set('Authorization', `Bearer ${await testApp.tokenFor(USERS.healthVisitor)}`);
      expect({ status: response.status, code: response.body.code, allow: response.headers.allow }).toEqual({ status: 404, code: 'ROUTE_NOT_FOUND', allow: undefined });
    });
  });
});
