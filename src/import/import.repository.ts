import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ColumnMapping } from './column-mapping';
import type { EventTypeMapping } from './event-type-mapping';
import type { ImportMapping } from './row-check';

/** One upload: see migrations/1795420800000-CreateImports.ts. */
export interface ImportRecord {
  id: string;
  childId: string;
  agencyId: string;
  uploadedById: string;
  uploadedAt: Date;
  expiresAt: Date;
  fileName: string;
  mediaType: string | null;
  worksheet: string | null;
  sha256: string;
  rows: number;
  /** Held until the upload is committed or expires; null after. */
  fileBytes: Buffer | null;
  committedAt: Date | null;
  entryIds: string[] | null;
}

/** A file is the same file when its bytes are, imported by the same agency for the same child. */
export type FileKey = Pick<ImportRecord, 'childId' | 'agencyId' | 'sha256'>;

const COLUMNS = `id, child_id AS "childId", agency_id AS "agencyId", uploaded_by_id AS "uploadedById", uploaded_at AS "uploadedAt",
  expires_at AS "expiresAt", file_name AS "fileName", media_type AS "mediaType", worksheet, sha256, rows, file_bytes AS "fileBytes",
  committed_at AS "committedAt", entry_ids AS "entryIds"`;

/** Uploads and agencies' saved mappings in the database. */
@Injectable()
export class ImportRepository {
  async insert(manager: EntityManager, record: Omit<ImportRecord, 'committedAt' | 'entryIds'>): Promise<void> {
    await manager.query(
      `INSERT INTO imports (id, child_id, agency_id, uploaded_by_id, uploaded_at, expires_at, file_name, media_type, worksheet, sha256, rows, file_bytes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [record.id, record.childId, record.agencyId, record.uploadedById, record.uploadedAt, record.expiresAt, record.fileName, record.mediaType, record.worksheet, record.sha256, record.rows, record.fileBytes],
    );
  }

  /** Uploads never committed whose time is up: their bytes go, and with them the record (it names no entry). */
  async deleteExpired(manager: EntityManager, now: Date): Promise<void> {
    await manager.query(`DELETE FROM imports WHERE committed_at IS NULL AND expires_at < $1`, [now]);
  }

  async find(manager: EntityManager, importId: string): Promise<ImportRecord | undefined> {
    const [row] = await manager.query<ImportRecord[]>(`SELECT ${COLUMNS} FROM imports WHERE id = $1`, [importId]);
    return row;
  }

  /** The agency's commit of this file for this child, if there was one. */
  async committedFile(manager: EntityManager, { childId, agencyId, sha256 }: FileKey): Promise<ImportRecord | undefined> {
    const [row] = await manager.query<ImportRecord[]>(`SELECT ${COLUMNS} FROM imports WHERE child_id = $1 AND agency_id = $2 AND sha256 = $3 AND committed_at IS NOT NULL`, [
      childId,
      agencyId,
      sha256,
    ]);
    return row;
  }

  /** Until the transaction ends, no other commit of this file by this agency for this child can start: the second one then finds the first's. */
  async lockFile(manager: EntityManager, { childId, agencyId, sha256 }: FileKey): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`import:${childId}:${agencyId}:${sha256}`]);
  }

  async markCommitted(manager: EntityManager, importId: string, entryIds: string[], at: Date): Promise<void> {
    await manager.query(`UPDATE imports SET committed_at = $2, entry_ids = $3::uuid[], file_bytes = NULL WHERE id = $1`, [importId, at, entryIds]);
  }

  async mapping(manager: EntityManager, agencyId: string): Promise<(ImportMapping & { updatedAt: Date }) | undefined> {
    const [row] = await manager.query<{ columns: ColumnMapping; eventTypes: EventTypeMapping; updatedAt: Date }[]>(
      `SELECT columns, event_types AS "eventTypes", updated_at AS "updatedAt" FROM import_mappings WHERE agency_id = $1`,
      [agencyId],
    );
    return row;
  }

  /** Adds to the agency's saved mapping: a column or word named again takes its new meaning, the rest are kept. */
  async saveMapping(manager: EntityManager, agencyId: string, mapping: ImportMapping, by: string, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO import_mappings (agency_id, columns, event_types, updated_by_id, updated_at) VALUES ($1, $2::jsonb, $3::jsonb, $4, $5)
       ON CONFLICT (agency_id) DO UPDATE SET columns = import_mappings.columns || EXCLUDED.columns, event_types = import_mappings.event_types || EXCLUDED.event_types,
         updated_by_id = EXCLUDED.updated_by_id, updated_at = EXCLUDED.updated_at`,
      [agencyId, JSON.stringify(mapping.columns), JSON.stringify(mapping.eventTypes), by, at],
    );
  }
}
