import type { Relationship } from '../access/access-policy';
import type { AuditOutcome, PurposeOfUse } from '../audit/audit-vocabulary';
import { isoTimestampSql } from '../common/sql-format';

/** One audit event as a data protection officer reads it: who, what, which child and entries (ids only), why, and its place in the hash chain. */
export class AuditEventView {
  id!: string;
  occurredAt!: string;
  /** Null for the service's own work (loading configuration, demo data) and unidentified sign-in attempts. */
  actor!: { subject: string; name: string | null; jobTitle: string | null; agency: string | null; role: string | null } | null;
  action!: string;
  outcome!: AuditOutcome;
  childId!: string | null;
  /** The child's primary identifier as `scheme:value` (CHI first, then NHS, candidate number, police reference), for a reader to know the child by. */
  childIdentifier!: string | null;
  /** The child's name ("Isla Brennan"): identity, as a data protection officer's look-up shows it, so a trail reads in words. */
  childName!: string | null;
  entryIds!: string[];
  /** Entry fields (access-policy names) read or written. */
  fields!: string[];
  purpose!: PurposeOfUse;
  lawfulBasis!: string | null;
  relationship!: Relationship | null;
  accessClaimId!: string | null;
  breakGlass!: boolean;
  correlationId!: string | null;
  clientAddress!: string | null;
  details!: Record<string, unknown>;
  /** Null only for an event written behind the application's back; verification reports it. */
  chain!: { seq: number; hash: string } | null;
}

export class AuditEventsPage {
  items!: AuditEventView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor!: string | null;
}

export interface AuditEventRow {
  id: string;
  occurredAt: string;
  actorSubject: string | null;
  actorName: string | null;
  actorJobTitle: string | null;
  actorAgency: string | null;
  actorRole: string | null;
  action: string;
  outcome: AuditOutcome;
  childId: string | null;
  childIdentifier: string | null;
  childName: string | null;
  entryIds: string[];
  fields: string[];
  purpose: PurposeOfUse;
  lawfulBasis: string | null;
  relationship: Relationship | null;
  accessClaimId: string | null;
  breakGlass: boolean;
  correlationId: string | null;
  clientAddress: string | null;
  details: Record<string, unknown>;
  chainSeq: string | null;
  chainHash: string | null;
}

/** A child's primary identifier, `scheme:value`, by `childIdSql` (an expression naming the child's id). */
export function primaryIdentifierSql(childIdSql: string): string {
  return `(SELECT ci.scheme || ':' || ci.value FROM child_identifiers ci WHERE ci.child_id = ${childIdSql}
            ORDER BY array_position(ARRAY['chi', 'nhs', 'scn', 'police-ref'], ci.scheme), ci.value LIMIT 1)`;
}

/** A child's name, given then family, by `childIdSql`. */
export function childNameSql(childIdSql: string): string {
  return `(SELECT ch.given_name || ' ' || ch.family_name FROM children ch WHERE ch.id = ${childIdSql})`;
}

/** Microsecond timestamps survive the round trip through a cursor as text, never as a JS Date. */
export const AUDIT_EVENT_SELECT = `
  SELECT e.id::text AS id, ${isoTimestampSql('e.occurred_at', 'microseconds')} AS "occurredAt",
         e.actor_subject AS "actorSubject", p.name AS "actorName", p.job_title AS "actorJobTitle", e.actor_agency AS "actorAgency", e.actor_role AS "actorRole",
         e.action, e.outcome, e.child_id AS "childId", ${primaryIdentifierSql('e.child_id')} AS "childIdentifier",
         ${childNameSql('e.child_id')} AS "childName", e.entry_ids AS "entryIds", e.fields, e.purpose, e.lawful_basis AS "lawfulBasis",
         e.relationship, e.access_claim_id AS "accessClaimId", e.break_glass AS "breakGlass", e.correlation_id AS "correlationId",
         e.client_address AS "clientAddress", e.details, c.seq AS "chainSeq", encode(c.hash, 'hex') AS "chainHash"
    FROM audit.events e
    LEFT JOIN audit.chain c ON c.event_id = e.id AND c.event_occurred_at = e.occurred_at
    LEFT JOIN practitioners p ON p.subject = e.actor_subject`;

export function toAuditEventView(row: AuditEventRow): AuditEventView {
  return {
    id: row.id,
    occurredAt: row.occurredAt,
    actor: row.actorSubject === null ? null : { subject: row.actorSubject, name: row.actorName, jobTitle: row.actorJobTitle, agency: row.actorAgency, role: row.actorRole },
    action: row.action,
    outcome: row.outcome,
    childId: row.childId,
    childIdentifier: row.childIdentifier,
    childName: row.childName,
    entryIds: row.entryIds,
    fields: row.fields,
    purpose: row.purpose,
    lawfulBasis: row.lawfulBasis,
    relationship: row.relationship,
    accessClaimId: row.accessClaimId,
    breakGlass: row.breakGlass,
    correlationId: row.correlationId,
    clientAddress: row.clientAddress,
    details: row.details,
    chain: row.chainSeq === null || row.chainHash === null ? null : { seq: Number(row.chainSeq), hash: row.chainHash },
  };
}
