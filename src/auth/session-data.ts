import type { Request } from 'express';
import type { IdentityClaims } from './principal';

declare module 'express-session' {
  interface SessionData {
    /** Set once the authorization code has been exchanged and the ID token verified. */
    identity?: { claims: IdentityClaims; idToken?: string };
    /** The in-flight login: kept server-side so the callback can be served by any instance. */
    pendingLogin?: { codeVerifier: string; state: string; nonce: string; returnTo: string };
    /** The synchroniser token the session's forms carry (cross-site-writes.ts). */
    csrfToken?: string;
  }
}

/**
 * Writes the session now. express-session saves it only once the response has ended, after the
 * headers are sent, so a browser following a redirect at once could read the session as it was.
 */
export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve())));
}
