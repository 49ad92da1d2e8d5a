import request from 'supertest';
import { CookieJar, signInThroughProvider, step } from '../../src/dev-idp/dev-login';
import { TestApp } from './test-app';

/** A browser session signed in through the real code flow and the development provider: the Cookie header that carries it. */
export async function signInSession(testApp: TestApp, username: string, returnTo = '/'): Promise<string> {
  const jar = new CookieJar();
  const start = await step(`${testApp.baseUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`, jar);
  const callback = await signInThroughProvider(start.location!, username, jar, `${testApp.baseUrl}/auth/callback`);
  const completed = await step(callback, jar);
  if (completed.response.status !== 303) throw new Error(`Sign-in as ${username} did not complete: HTTP ${completed.response.status}`);
  return `${testApp.config.session.cookieName}=${jar.get(testApp.config.session.cookieName)}`;
}

/** The synchroniser token the session's pages put in their forms. */
export async function formTokenOf(testApp: TestApp, cookie: string): Promise<string> {
  const page = await request(testApp.baseUrl).get('/find-a-child').set('Cookie', cookie).expect(200);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!token) throw new Error('The page has no form token');
  return token;
}

/** The session id a Cookie header carries, as http_sessions keys it. */
export function sessionIdOf(cookie: string): string {
  return decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1)).replace(/^s:/, '').split('.')[0];
}

/** A page's HTML without the nonces each response gets afresh: two answers compared as what they say (a body that is not text, as nothing). */
export function withoutNonces(html: string | undefined): string {
  return String(html ?? '').replace(/ nonce="[^"]+"/g, '');
}
