import { SetMetadata } from '@nestjs/common';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Session, SessionData } from 'express-session';
import { DomainError } from '../common/domain-error';
import type { ChronicleRequest } from '../common/request-context';
import './session-data';

/** The hidden field every form of the web pages carries the session's token in. */
export const CSRF_FORM_FIELD = '_csrf';
/** Where a script using the session cookie may send the same token instead. */
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const FORM_TOKEN_REQUIRED = 'chronicle:formTokenRequired';

/** On a web page controller: its writes need the form's token; the browser's word on the origin is not enough. */
export const FormTokenRequired = (): ClassDecorator & MethodDecorator => SetMetadata(FORM_TOKEN_REQUIRED, true);

/** A write the session cookie carried that nothing proves came from Chronicle's own pages. */
export class CrossSiteWriteRefused extends DomainError {
  constructor() {
    super('FORBIDDEN', 'This request could not be confirmed as coming from Chronicle itself, so nothing was changed');
    this.name = 'CrossSiteWriteRefused';
  }
}

/** The session's synchroniser token, made on first use and kept for the session's life. */
export function csrfTokenOf(session: Session & Partial<SessionData>): string {
  session.csrfToken ??= randomBytes(32).toString('base64url');
  return session.csrfToken;
}

/**
 * A cookie is sent with requests other sites make, so a write that a signed-in session carries
 * must prove it came from Chronicle. Web pages prove it with the form's synchroniser token. Other
 * routes (the API used with the session cookie, sign-out) with the token in X-CSRF-Token, or by the
 * browser saying the request is same-origin: Sec-Fetch-Site, or where a browser sends none, Origin.
 * A request with neither is refused: their absence proves nothing. An API request with a bearer
 * token has no session (configure-app) and is not checked.
 */
export function assertSameOriginWrite(req: ChronicleRequest, publicOrigin: string, proof: 'form-token' | 'token-or-origin'): void {
  if (!UNSAFE_METHODS.has(req.method) || !req.session?.identity) return;
  const token = proof === 'form-token' ? formToken(req) : req.header(CSRF_HEADER);
  if (matchesSessionToken(req.session, token)) return;
  if (proof === 'token-or-origin' && browserSaysSameOrigin(req, publicOrigin)) return;
  throw new CrossSiteWriteRefused();
}

function formToken(req: ChronicleRequest): string | undefined {
  const value: unknown = (req.body as Record<string, unknown> | undefined)?.[CSRF_FORM_FIELD];
  return typeof value === 'string' ? value : undefined;
}

function matchesSessionToken(session: Partial<SessionData>, token: string | undefined): boolean {
  const expected = session.csrfToken;
  if (!expected || !token) return false;
  const [a, b] = [Buffer.from(expected), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

function browserSaysSameOrigin(req: ChronicleRequest, publicOrigin: string): boolean {
  const fetchSite = req.header('sec-fetch-site');
  if (fetchSite !== undefined) return fetchSite === 'same-origin';
  return req.header('origin') === publicOrigin;
}
