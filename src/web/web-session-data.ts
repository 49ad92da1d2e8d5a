import type { ClaimKind } from '../access/access-policy';
import type { EventTypeSuggestion } from '../import/event-type-mapping';
import type { ImportMapping } from '../import/row-check';

declare module 'express-session' {
  interface SessionData {
    /** The access just granted, for the page that confirms it after the form's redirect. */
    grantedClaim?: { id: string; childId: string; kind: ClaimKind; expiresAt: string };
    /** The chronology being imported: its columns and the mapping last tried, between the upload, check and commit pages. */
    pendingImport?: { importId: string; childId: string; fileName: string; columns: string[]; mapping: ImportMapping; eventWords: EventTypeSuggestion[] };
    /** What the commit just recorded, for the page that confirms it after the form's redirect. */
    committedImport?: { importId: string; childId: string; fileName: string; created: number; duplicatesLeftOut: number[]; alreadyImported: boolean };
  }
}

export {};
