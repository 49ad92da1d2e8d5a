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

export {};
