import { isRealCalendarDate } from '../common/dates';
import type { SqlParameters } from '../common/sql-parameters';
import type { AuditEventsQuery } from './dto/audit-events.query';
import { utcInstant } from './dto/audit-time';

/**
 * SQL conditions over `audit.events e`, for the audit log's queries and the reports over it; values
 * only ever as bind parameters. (The DTOs in dto/ hold only the input shapes and their validation.)
 */

/** The audit log's filters, ANDed by the caller. */
export function auditFilter(query: AuditEventsQuery, childId: string | null, parameters: SqlParameters): string[] {
  const where: string[] = [];
  if (childId) where.push(`e.child_id = ${parameters.add(childId)}::uuid`);
  if (query.actor) where.push(`e.actor_subject = ${parameters.add(query.actor)}`);
  if (query.agency) where.push(`e.actor_agency = ${parameters.add(query.agency)}`);
  if (query.action?.endsWith('.*')) where.push(`e.action LIKE ${parameters.add(`${query.action.slice(0, -1)}%`)}`);
  else if (query.action) where.push(`e.action = ${parameters.add(query.action)}`);
  if (query.outcome) where.push(`e.outcome = ${parameters.add(query.outcome)}`);
  if (query.purpose) where.push(`e.purpose = ${parameters.add(query.purpose)}`);
  if (query.breakGlass !== undefined) where.push(`e.break_glass = ${parameters.add(query.breakGlass)}`);
  if (query.from) where.push(`e.occurred_at >= ${periodStartSql(query.from, parameters)}`);
  if (query.to) where.push(`e.occurred_at < ${periodEndSql(query.to, parameters)}`);
  return where;
}

/** The instant a period filter starts at: as given, or the start of the given UK calendar day. */
export function periodStartSql(value: string, parameters: SqlParameters): string {
  return isRealCalendarDate(value) ? `(${parameters.add(value)}::date::timestamp AT TIME ZONE 'Europe/London')` : `${parameters.add(utcInstant(value))}::timestamptz`;
}

/** The instant a period filter ends before: as given, or the end of the given UK calendar day. */
export function periodEndSql(value: string, parameters: SqlParameters): string {
  return isRealCalendarDate(value) ? `((${parameters.add(value)}::date + 1)::timestamp AT TIME ZONE 'Europe/London')` : `${parameters.add(utcInstant(value))}::timestamptz`;
}
