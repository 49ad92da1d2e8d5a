import type { ClaimKind } from '../access/access-policy';

declare module 'express-session' {
  interface SessionData {
    /** The access just granted, for the page that confirms it after the form's redirect. */
    grantedClaim?: { id: string; childId: string; kind: ClaimKind; expiresAt: string };
  }
}

export {};
