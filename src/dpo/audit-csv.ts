import type { AuditEventView } from './audit-event.view';
import { neutraliseCsvFormula } from '../common/csv-formula';

const COLUMNS: [header: string, value: (event: AuditEventView) => string | number | boolean | null][] = [
  ['id', (event) => event.id],
  ['occurred_at', (event) => event.occurredAt],
  ['actor_subject', (event) => event.actor?.subject ?? null],
  ['actor_name', (event) => event.actor?.name ?? null],
  ['actor_agency', (event) => event.actor?.agency ?? null],
  ['actor_role', (event) => event.actor?.role ?? null],
  ['action', (event) => event.action],
  ['outcome', (event) => event.outcome],
  ['purpose', (event) => event.purpose],
  ['child_id', (event) => event.childId],
  ['child_identifier', (event) => event.childIdentifier],
  ['entry_ids', (event) => event.entryIds.join(' ')],
  ['fields', (event) => event.fields.join(' ')],
  ['lawful_basis', (event) => event.lawfulBasis],
  ['relationship', (event) => event.relationship],
  ['access_claim_id', (event) => event.accessClaimId],
  ['break_glass', (event) => event.breakGlass],
  ['correlation_id', (event) => event.correlationId],
  ['client_address', (event) => event.clientAddress],
  ['chain_seq', (event) => event.chain?.seq ?? null],
  ['chain_hash', (event) => event.chain?.hash ?? null],
  ['details', (event) => JSON.stringify(event.details)],
];

export const AUDIT_CSV_HEADER = `${COLUMNS.map(([header]) => header).join(',')}\r\n`;

/** RFC 4180 lines; a cell a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function auditCsvLines(events: AuditEventView[]): string {
  return events.map((event) => `${COLUMNS.map(([, value]) => csvCell(value(event))).join(',')}\r\n`).join('');
}

export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = neutraliseCsvFormula(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
