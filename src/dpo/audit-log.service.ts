import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { AUDIT_ACTION_FILTERS } from '../audit/audit-vocabulary';
import { normaliseIdentifier } from '../children/identifier-format';
import type { Caller } from '../common/caller.decorator';
import { DomainError, noSuchChild, notFound } from '../common/domain-error';
import { Vocabularies } from '../common/request-checks';
import { SqlParameters } from '../common/sql-parameters';
import { POSTGRES_MAX_BIGINT } from '../common/sql-format';
import { auditFilter } from './audit-event-filter';
import { AUDIT_EVENT_SELECT, AuditEventRow, AuditEventsPage, AuditEventView, toAuditEventView } from './audit-event.view';
import { AuditEventsPageQuery, AuditEventsQuery } from './dto/audit-events.query';

const DEFAULT_PAGE = 50;
const EXPORT_BATCH = 2000;

/** The data protection officer's view of the audit trail: filtered, newest first, paged by keyset so deep pages stay fast. */
@Injectable()
export class AuditLogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    vocabularies: Vocabularies,
  ) {
    vocabularies.register('audit-action', AUDIT_ACTION_FILTERS);
  }

  async page(caller: Caller, query: AuditEventsPageQuery): Promise<AuditEventsPage> {
    await this.access.assertCan(caller, 'read', 'AuditLog', 'audit.query');
    const limit = query.limit ?? DEFAULT_PAGE;
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
    return this.dataSource.transaction(async (manager) => {
      const childId = await this.resolveChild(caller, query, 'audit.query');
      const rows = await this.fetch(manager, query, childId, after, limit + 1);
      const more = rows.length > limit;
      if (more) rows.pop();
      await this.audit.record(manager, caller, {
        action: 'audit.query',
        childId: childId ?? null,
        details: { filters: describe(query), returned: rows.length },
      });
      return { items: rows.map(toAuditEventView), nextCursor: more ? encodeCursor(rows[rows.length - 1]) : null };
    });
  }

  async event(caller: Caller, id: string): Promise<AuditEventView> {
    await this.access.assertCan(caller, 'read', 'AuditLog', 'audit.query');
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<AuditEventRow[]>(`${AUDIT_EVENT_SELECT} WHERE e.id = $1`, [id]);
      if (!row) throw notFound('Audit event');
      await this.audit.record(manager, caller, { action: 'audit.query', childId: row.childId, details: { eventId: id } });
      return toAuditEventView(row);
    });
  }

  /**
   * Every matching event, newest first, handed to `write` batch by batch: an export of millions of
   * rows never sits in memory. The export is recorded as the client gets it: a success once the first
   * batch is read, just before the first row leaves; a failure if it fails before or after that, so
   * a request answered with an error or cut off never stands in the trail as a complete export.
   */
  async export(caller: Caller, query: AuditEventsQuery, format: 'csv' | 'fhir', write: (events: AuditEventView[]) => Promise<boolean>): Promise<void> {
    await this.access.assertCan(caller, 'read', 'AuditLog', 'audit.export');
    const childId = await this.resolveChild(caller, query, 'audit.export');
    const record = { action: 'audit.export' as const, childId, details: { format, filters: describe(query) } };
    let sent = 0;
    try {
      let rows = await this.fetch(this.dataSource.manager, query, childId, null, EXPORT_BATCH);
      await this.audit.record(this.dataSource.manager, caller, record);
      for (;;) {
        if (rows.length === 0) return;
        const wanted = await write(rows.map(toAuditEventView));
        sent += rows.length;
        if (!wanted || rows.length < EXPORT_BATCH) return;
        rows = await this.fetch(this.dataSource.manager, query, childId, cursorOf(rows[rows.length - 1]), EXPORT_BATCH);
      }
    } catch (error) {
      await this.audit
        .recordOnOwnConnection(caller, { ...record, outcome: 'failed', details: { ...record.details, reason: 'export-failed', eventsSent: sent } })
        .catch(() => undefined);
      throw error;
    }
  }

  /**
   * The child a filter names, null for no child filter. An identifier no child has is 404, not an
   * empty trail: for a subject access request "no such child" and "nobody looked" differ. The
   * question is audited all the same, as it names a person.
   */
  private async resolveChild(caller: Caller, query: AuditEventsQuery, action: 'audit.query' | 'audit.export'): Promise<string | null> {
    if (query.childId) return query.childId;
    if (!query.childIdentifier) return null;
    const separator = query.childIdentifier.indexOf(':');
    const [row] = await this.dataSource.query<{ childId: string }[]>(`SELECT child_id AS "childId" FROM child_identifiers WHERE scheme = $1 AND value = $2`, [
      query.childIdentifier.slice(0, separator),
      normaliseIdentifier(query.childIdentifier.slice(separator + 1)),
    ]);
    if (row) return row.childId;
    await this.audit.record(this.dataSource.manager, caller, { action, outcome: 'failed', details: { filters: describe(query), reason: 'no-child-with-identifier' } });
    throw noSuchChild('identifier');
  }

  private fetch(manager: DataSource['manager'], query: AuditEventsQuery, childId: string | null, after: Cursor | null, limit: number): Promise<AuditEventRow[]> {
    const parameters = new SqlParameters();
    const where = auditFilter(query, childId, parameters);
    if (after) where.push(`(e.occurred_at, e.id) < (${parameters.add(after.occurredAt)}::timestamptz, ${parameters.add(after.id)}::bigint)`);
    return manager.query<AuditEventRow[]>(
      `${AUDIT_EVENT_SELECT}
        WHERE ${where.length > 0 ? where.join(' AND ') : 'true'}
        ORDER BY e.occurred_at DESC, e.id DESC
        LIMIT ${parameters.add(limit)}`,
      parameters.values,
    );
  }
}

function describe(query: AuditEventsQuery): Record<string, unknown> {
  const { limit: _limit, cursor: _cursor, ...filters } = query as AuditEventsPageQuery;
  return filters;
}

interface Cursor {
  occurredAt: string;
  id: string;
}

function cursorOf(row: AuditEventRow): Cursor {
  return { occurredAt: row.occurredAt, id: row.id };
}

function encodeCursor(row: AuditEventRow): string {
  return Buffer.from(`${row.occurredAt}|${row.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  const [occurredAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  // Well-formed is not enough: a 13th month or an id past bigint would fail in the database as a 500.
  const timestamp = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\d{3}Z$/.exec(occurredAt ?? '');
  const realTime = timestamp !== null && isRealInstant(`${timestamp[1]}Z`);
  const bigintId = /^\d{1,19}$/.test(id ?? '') && BigInt(id) <= POSTGRES_MAX_BIGINT;
  if (!realTime || !bigintId) {
    throw new DomainError('VALIDATION_FAILED', 'The request is not valid', [{ field: 'cursor', problem: 'cursor must be the nextCursor of a previous page' }]);
  }
  return { occurredAt, id };
}

function isRealInstant(iso: string): boolean {
  const instant = new Date(iso);
  return !Number.isNaN(instant.getTime()) && instant.toISOString() === iso;
}
