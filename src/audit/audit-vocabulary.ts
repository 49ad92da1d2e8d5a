/**
 * What the audit trail says: every action an event can record, declared once with what it means to
 * a data protection officer and to FHIR. An action that is not declared here cannot be recorded
 * (the compiler refuses it), and docs/audit.md's table of actions is generated from this file
 * (`UPDATE_GENERATED=1 npx jest src/audit`; a test fails while they differ).
 */
import type { Vocabulary } from '../common/request-checks';

export const AUDIT_OUTCOMES = ['success', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * Why personal data was used, recorded on every event as FHIR/IHE audit profiles do. The database
 * holds the same list (ck_audit_events_purpose); docs/audit.md maps each to its v3-ActReason code.
 */
export const PURPOSES_OF_USE = [
  'case-work',
  'break-glass',
  'audit',
  'administration',
  'legal-proceedings',
  'care-coordination',
  'subject-access',
  'authentication',
  'system',
] as const;
export type PurposeOfUse = (typeof PURPOSES_OF_USE)[number];

/** How the caller stood to the child when the event happened; a ChildAccess is one. */
export interface AccessBasis {
  /** involved, self-claimed, emergency or none (the access policy's relationships). */
  relationship: string;
  claim: { id: string; kind: string } | null;
}

/**
 * The shape an action takes in a FHIR AuditEvent, after IHE Basic Audit Log Patterns
 * (src/dpo/fhir-audit-event.ts draws each): a RESTful read, query, create or update of the
 * child's record, a disclosure at source (an export), or a DICOM event (sign-in and sign-out, a
 * security alert, use of the audit log, application activity).
 */
export const FHIR_KINDS = ['read', 'query', 'create', 'update', 'disclosure', 'break-glass', 'login', 'logout', 'authentication', 'audit-log', 'application'] as const;
export type FhirKind = (typeof FHIR_KINDS)[number];

/**
 * Where an event's purpose of use comes from. caller: the caller's role and relationship
 * (break-glass under emergency access, audit for a data protection officer, administration for an
 * administrator, case-work otherwise); audience: the purpose of the export audience chosen;
 * authentication and system: always that purpose (system is the service's own work, the command
 * line included).
 */
export type PurposeSource = 'caller' | 'audience' | 'authentication' | 'system';

/**
 * Whether an event names the child it concerns. child: always, the child whose record was used (a
 * refusal names none when no such child was found); found: each child a search found, one event per
 * child (one naming none when nothing was found); asked: when the request asked about one child (a
 * register or a query of the trail narrowed to a child); none: never.
 */
export type ChildConcerned = 'child' | 'found' | 'asked' | 'none';

export interface AuditActionDeclaration {
  /** What happened, in words for a data protection officer. */
  what: string;
  fhir: FhirKind;
  /** The FHIR shape when the event is break-glass use, if it differs. */
  fhirIfBreakGlass?: FhirKind;
  purpose: readonly PurposeSource[];
  child: ChildConcerned;
}

const caller = ['caller'] as const;

export const AUDIT_ACTIONS = {
  'child.create': { what: 'A child record created', fhir: 'create', purpose: caller, child: 'child' },
  'child.read': { what: "A child's record read", fhir: 'read', purpose: caller, child: 'child' },
  'child.search': {
    what: 'Child records searched for: one event per child found, under the relationship that let the caller see it (the criteria given and every child found, in details)',
    fhir: 'query',
    purpose: caller,
    child: 'found',
  },
  'chronology.read': { what: "A child's merged chronology read (the entries and fields read, and how many were withheld)", fhir: 'read', purpose: caller, child: 'child' },
  'entry.create': { what: 'An entry recorded (the fields written)', fhir: 'create', purpose: caller, child: 'child' },
  'entry.read': { what: 'One entry read, or its withheld marker shown', fhir: 'read', purpose: caller, child: 'child' },
  'entry.history': { what: "An entry's versions read", fhir: 'read', purpose: caller, child: 'child' },
  'entry.amend': { what: 'An entry amended (the fields changed and the new version)', fhir: 'update', purpose: caller, child: 'child' },
  'entry.mark-entered-in-error': { what: 'An entry marked as entered in error', fhir: 'update', purpose: caller, child: 'child' },
  'entry.share': { what: 'A decision to share an entry with a further agency, or not to', fhir: 'create', purpose: caller, child: 'child' },
  'entry.sharing-decisions': { what: "An entry's sharing decisions read", fhir: 'read', purpose: caller, child: 'child' },
  'sharing-register.read': { what: 'The register of sharing decisions read', fhir: 'query', purpose: caller, child: 'asked' },
  'caseload.read': { what: "A child listed on the caller's \"My children\" (the entry whose date it showed, and how many new entries it counted)", fhir: 'query', purpose: caller, child: 'child' },
  'team.read': { what: "The team around a child read, or one involvement on it", fhir: 'read', purpose: caller, child: 'child' },
  'team.add': { what: "Someone added to a child's team", fhir: 'create', purpose: caller, child: 'child' },
  'team.end': { what: "Someone's involvement with a child ended", fhir: 'update', purpose: caller, child: 'child' },
  'practitioner.list': { what: 'The list of practitioners read (recorded when refused)', fhir: 'query', purpose: caller, child: 'none' },
  'policy.explain': { what: 'Why the caller can or cannot see an entry or a child, explained', fhir: 'read', purpose: caller, child: 'child' },
  'access.claim': {
    what: 'A self-claimed relationship or emergency (break-glass) access granted: an alert for the data protection officer',
    fhir: 'create',
    fhirIfBreakGlass: 'break-glass',
    purpose: caller,
    child: 'child',
  },
  'access-alerts.read': { what: 'The list of claimed and emergency access read, or one claim (naming its child)', fhir: 'query', purpose: caller, child: 'asked' },
  'access.review': { what: "A claim's review recorded", fhir: 'create', purpose: caller, child: 'child' },
  // A refusal records the caller's purpose: no audience's copy was made.
  'export.create': { what: 'A chronology printed (the entries and fields it shows, its audience and checksum)', fhir: 'disclosure', purpose: ['audience', 'caller'], child: 'child' },
  'export.regenerate': { what: 'A printed chronology made again from its record', fhir: 'disclosure', purpose: ['audience', 'caller'], child: 'child' },
  'export.read': { what: "An export's record read", fhir: 'read', purpose: caller, child: 'child' },
  'disclosures.read': { what: 'The register of disclosures read', fhir: 'query', purpose: caller, child: 'asked' },
  'audit.query': { what: 'The audit trail queried, or one event read', fhir: 'audit-log', purpose: caller, child: 'asked' },
  'audit.export': { what: 'The audit trail exported (CSV or FHIR)', fhir: 'audit-log', purpose: caller, child: 'asked' },
  'audit.verify': { what: "The audit trail's hash chain verified", fhir: 'audit-log', purpose: ['caller', 'system'], child: 'none' },
  'audit.checkpoints': { what: 'The signed checkpoints listed', fhir: 'audit-log', purpose: caller, child: 'none' },
  'audit.checkpoint': { what: 'A signed checkpoint of the chain asked for', fhir: 'audit-log', purpose: ['caller', 'system'], child: 'none' },
  'audit.child-lookup': {
    what: "A child's identity looked up by a data protection officer (by name, date of birth or identifier), one event per child found",
    fhir: 'audit-log',
    purpose: caller,
    child: 'found',
  },
  'audit.report.child-access': { what: "Report: who accessed a child's record", fhir: 'audit-log', purpose: caller, child: 'child' },
  'audit.report.off-team-access': { what: "Report: access by people not on the child's team", fhir: 'audit-log', purpose: caller, child: 'asked' },
  'audit.report.out-of-hours': { what: 'Report: access outside working hours', fhir: 'audit-log', purpose: caller, child: 'asked' },
  'audit.report.unusual-volume': { what: "Report: users who reached many children's records in a short time", fhir: 'audit-log', purpose: caller, child: 'none' },
  'auth.login': { what: 'A browser sign-in, or a failed one', fhir: 'login', purpose: ['authentication'], child: 'none' },
  'auth.logout': { what: 'A sign-out', fhir: 'logout', purpose: ['authentication'], child: 'none' },
  'auth.authenticate': { what: 'A token or session refused', fhir: 'authentication', purpose: ['authentication'], child: 'none' },
  'configuration.load': { what: 'An instance started, with the digest of every policy file it loaded', fhir: 'application', purpose: ['system'], child: 'none' },
  'demo.seed': { what: 'Demo data loaded', fhir: 'application', purpose: ['system'], child: 'none' },
  'export.list': { what: "The list of a child's printed chronologies read (their records, not their entries)", fhir: 'query', purpose: caller, child: 'child' },
  // Subject access: the data-subject audience's purpose (subject-access), whoever acts.
  'subject-access.record': { what: 'A subject access request recorded (who asked, in what capacity, when received)', fhir: 'create', purpose: ['audience', 'caller'], child: 'child' },
  'subject-access.read': { what: 'Subject access requests listed, or one read', fhir: 'query', purpose: ['audience', 'caller'], child: 'asked' },
  'subject-access.extend': { what: "A subject access request's deadline extended, with the reason", fhir: 'update', purpose: ['audience', 'caller'], child: 'child' },
  'subject-access.close': { what: 'A subject access request marked completed or withdrawn', fhir: 'update', purpose: ['audience', 'caller'], child: 'child' },
  'subject-access.release': { what: 'An entry naming other people released to a subject access request, with the reason', fhir: 'create', purpose: ['audience', 'caller'], child: 'child' },
  'subject-access.pack': {
    what: 'A subject access pack produced (PDF or JSON): the entries and fields it shows, the counts withheld per exemption, its checksum',
    fhir: 'disclosure',
    purpose: ['audience', 'caller'],
    child: 'child',
  },
  'entry.dispute': { what: "The data subject's dispute of an entry recorded in their words, by a data protection officer: the entry is under restricted processing until answered", fhir: 'create', purpose: ['audience', 'caller'], child: 'child' },
  'entry.dispute-answer': { what: 'A dispute answered by the recording agency: amended or upheld, with the reason', fhir: 'update', purpose: caller, child: 'child' },
  'disputes.read': { what: 'Disputes of entries listed', fhir: 'query', purpose: ['audience', 'caller'], child: 'asked' },
  'record-of-processing.read': { what: 'The record of processing (Art. 30) read or downloaded', fhir: 'audit-log', purpose: caller, child: 'none' },
  'retention.read': { what: 'Records reaching retention review (all, or one child\'s in one class), legal holds (all, or one) or a destruction certificate read', fhir: 'query', purpose: caller, child: 'asked' },
  'retention.extend': { what: "A child's records in a retention class kept beyond their review date, with the reason", fhir: 'update', purpose: caller, child: 'child' },
  'retention.destroy': { what: "A child's records in a retention class destroyed: their content removed, a tombstone and a destruction certificate kept", fhir: 'update', purpose: caller, child: 'child' },
  'retention.review-run': { what: 'The scheduled retention review: how many records have reached review, and how many are held', fhir: 'application', purpose: ['system'], child: 'none' },
  'legal-hold.place': { what: 'A legal hold placed (scope, reason, who asked for it): destruction blocked while it stands', fhir: 'create', purpose: caller, child: 'asked' },
  'legal-hold.lift': { what: 'A legal hold lifted, with the reason', fhir: 'update', purpose: caller, child: 'asked' },
  'entry.exempt-from-subject-access': { what: 'An entry marked exempt from subject access by its recording agency (the exemption and reason)', fhir: 'update', purpose: caller, child: 'child' },
  'notification.create': {
    what: "The team told of an entry recorded or amended (significant, or for those following the child): who was notified, each decided by the access policy",
    fhir: 'create',
    purpose: caller,
    child: 'child',
  },
  'notification.list': { what: "A child's notifications shown in the caller's inbox (the entries and fields they showed)", fhir: 'query', purpose: caller, child: 'child' },
  'notification.count': { what: "The caller's count of unread notifications read", fhir: 'query', purpose: caller, child: 'none' },
  'notification.mark-read': { what: 'A notification marked as read', fhir: 'update', purpose: caller, child: 'child' },
  'notification.seen-by': { what: "Who has read the notifications of an entry, read by the entry's author", fhir: 'read', purpose: caller, child: 'child' },
  'notification.follow': { what: 'A practitioner chose to hear of every new entry for a child, or stopped', fhir: 'update', purpose: caller, child: 'child' },
  'notification.preferences': { what: "A user's notification preferences (email or not) changed", fhir: 'update', purpose: caller, child: 'none' },
  'mentoring.read': { what: "A mentoring charity's own record of a child read: matches, meetings and, within the charity, the mentor's notes (counted, never their text)", fhir: 'read', purpose: caller, child: 'child' },
  'mentoring.match-start': { what: 'A mentoring match started', fhir: 'create', purpose: caller, child: 'child' },
  'mentoring.match-end': { what: 'A mentoring match ended (the reason stays in the charity)', fhir: 'update', purpose: caller, child: 'child' },
  'mentoring.meeting': { what: 'A mentoring meeting recorded, held or missed', fhir: 'create', purpose: caller, child: 'child' },
  'mentoring.note': { what: "A mentor's note of a conversation written (its text never in the audit trail)", fhir: 'create', purpose: caller, child: 'child' },
  'notification.email': { what: 'An email sent telling a practitioner to sign in (no case content)', fhir: 'application', purpose: ['system'], child: 'child' },
  'import.upload': { what: "An agency's chronology uploaded for import (its file name, SHA-256 and rows; nothing recorded yet)", fhir: 'create', purpose: caller, child: 'child' },
  'import.preview': { what: "An upload's rows checked against a mapping (the entries of the uploader's agency its rows duplicate)", fhir: 'read', purpose: caller, child: 'child' },
  'import.commit': { what: 'An upload recorded as entries of the uploader\'s agency (every entry id and the fields written), or nothing when the file was imported before', fhir: 'create', purpose: caller, child: 'child' },
} as const satisfies Record<string, AuditActionDeclaration>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** The actions recorded with a purpose from the given source. */
export type AuditActionFor<Source extends PurposeSource> = {
  [Action in AuditAction]: Source extends (typeof AUDIT_ACTIONS)[Action]['purpose'][number] ? Action : never;
}[AuditAction];

/** The actions a person's request records (the rest are the service's own, or sign-in's). */
export type CallerAction = AuditActionFor<'caller'> | AuditActionFor<'audience'>;

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, action);
}

/**
 * What the audit trail's `action` filter may name: an action declared above, or a family of them
 * (`entry.*`) holding at least one; anything else could only ever match nothing, so it is refused.
 */
export const AUDIT_ACTION_FILTERS: Vocabulary = {
  unknown: async (filters) => filters.filter((filter) => !(filter.endsWith('.*') ? Object.keys(AUDIT_ACTIONS).some((action) => action.startsWith(filter.slice(0, -1))) : isAuditAction(filter))),
  problem: async (_field, unknown) => `no such audit action: ${unknown.join(', ')}; give one of ${Object.keys(AUDIT_ACTIONS).join(', ')}; or a family of them, such as entry.* or audit.report.*`,
};
