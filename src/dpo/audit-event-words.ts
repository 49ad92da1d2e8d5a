import { AUDIT_ACTIONS, AuditAction, isAuditAction } from '../audit/audit-vocabulary';
import type { AuditEventView } from './audit-event.view';

/**
 * Audit events in plain words for a data protection officer: "Helen Hughes (practitioner, NHS
 * Lanarkshire) read Isla Brennan's chronology: 12 entries shown, 3 withheld, as a member of the
 * team". What each action did comes from here, with the audit vocabulary's own description
 * (src/audit/audit-vocabulary.ts) for an action added there and not yet worded here. Never case
 * content: an event holds ids, field names and counts only.
 */

/** What was done, then what was tried (for a refusal or a failure); `{child}` stands for the child. */
const PHRASES: Partial<Record<AuditAction, [done: string, tried: string]>> = {
  'child.create': ['created the record of {child}', 'create the record of {child}'],
  'child.read': ["read {child}'s identity record", "read {child}'s identity record"],
  'child.search': ['found {child} in a search', 'search for a child'],
  'chronology.read': ["read {child}'s chronology", "read {child}'s chronology"],
  'entry.create': ["recorded an entry in {child}'s chronology", "record an entry in {child}'s chronology"],
  'entry.read': ["read an entry in {child}'s chronology", "read an entry in {child}'s chronology"],
  'entry.history': ["read the versions of an entry in {child}'s chronology", "read the versions of an entry in {child}'s chronology"],
  'entry.amend': ["amended an entry in {child}'s chronology", "amend an entry in {child}'s chronology"],
  'entry.mark-entered-in-error': ["marked an entry in {child}'s chronology as entered in error", "mark an entry in {child}'s chronology as entered in error"],
  'entry.share': ["recorded a decision on sharing an entry in {child}'s chronology", "record a decision on sharing an entry in {child}'s chronology"],
  'entry.sharing-decisions': ["read the sharing decisions on an entry in {child}'s chronology", "read the sharing decisions on an entry in {child}'s chronology"],
  'sharing-register.read': ['read the register of sharing decisions', 'read the register of sharing decisions'],
  'caseload.read': ['saw {child} listed on My children', 'list {child} on My children'],
  'team.read': ['looked at the team around {child}', 'look at the team around {child}'],
  'team.add': ["added someone to {child}'s team", "add someone to {child}'s team"],
  'team.end': ["ended someone's involvement with {child}", "end someone's involvement with {child}"],
  'practitioner.list': ['listed the practitioners', 'list the practitioners'],
  'policy.explain': ["asked why they may or may not see something in {child}'s record", "ask why they may or may not see something in {child}'s record"],
  'access.claim': ["claimed access to {child}'s record", "claim access to {child}'s record"],
  'access-alerts.read': ['read the alerts of claimed and emergency access', 'read the alerts of claimed and emergency access'],
  'access.review': ["recorded the review of a claim on {child}'s record", "record the review of a claim on {child}'s record"],
  'export.create': ["printed {child}'s chronology", "print {child}'s chronology"],
  'export.regenerate': ["printed {child}'s chronology again from its record", "print {child}'s chronology again"],
  'export.read': ["read the record of a printed chronology of {child}", "read the record of a printed chronology of {child}"],
  'disclosures.read': ['read the register of disclosures', 'read the register of disclosures'],
  'audit.query': ['searched the audit trail', 'search the audit trail'],
  'audit.export': ['downloaded the audit trail', 'download the audit trail'],
  'audit.verify': ["verified the audit trail's hash chain", "verify the audit trail's hash chain"],
  'audit.checkpoints': ['listed the signed checkpoints of the audit trail', 'list the signed checkpoints of the audit trail'],
  'audit.checkpoint': ['signed a checkpoint of the audit trail', 'sign a checkpoint of the audit trail'],
  'audit.child-lookup': ["looked up {child}'s identity", "look up a child's identity"],
  'audit.report.child-access': ["read the report of who looked at {child}'s record", "read the report of who looked at {child}'s record"],
  'audit.report.off-team-access': ["read the report of access by people not on a child's team", "read the report of access by people not on a child's team"],
  'audit.report.out-of-hours': ['read the report of access outside working hours', 'read the report of access outside working hours'],
  'audit.report.unusual-volume': ["read the report of unusual numbers of children's records opened", "read the report of unusual numbers of children's records opened"],
  'auth.login': ['signed in', 'sign in'],
  'auth.logout': ['signed out', 'sign out'],
  'auth.authenticate': ['used a token or session', 'use a token or session'],
  'configuration.load': ['started, loading its policy files', 'start'],
  'demo.seed': ['loaded the demonstration data', 'load the demonstration data'],
};

const RELATIONSHIPS: Record<string, string> = {
  involved: 'as a member of the team',
  'self-claimed': 'under a relationship they declared',
  emergency: 'under emergency (break-glass) access',
  none: 'with no relationship to the child',
};

const ROLES: Record<string, string> = {
  practitioner: 'practitioner',
  manager: 'manager',
  'reviewing-officer': 'reviewing officer',
  'data-protection-officer': 'data protection officer',
  administrator: 'administrator',
};

const REASONS: Record<string, string> = {
  'no-relationship': 'no relationship to the child',
  'role-not-permitted': 'their role does not permit it',
  'child-not-found': 'no such child',
  'not-visible': 'not theirs to see',
  'no-child-with-identifier': 'no child has that identifier',
  'export-failed': 'the download failed',
};

/** "3 entries" / "1 entry". */
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The words for a relationship code ("as a member of the team"); also the access report's. */
export function relationshipInWords(relationship: string): string {
  return RELATIONSHIPS[relationship] ?? relationship;
}

/** What an action did, with "the child" for the child: the access report's "what they did". */
export function actionInWords(action: string): string {
  return isAuditAction(action) && PHRASES[action] ? PHRASES[action][0].replace(/\{child\}/g, 'the child') : action;
}

/** Who acted, "Helen Hughes (practitioner, NHS Lanarkshire)": a name the service knows, else their subject. */
export function actorInWords(actor: AuditEventView['actor'], agencyName: (code: string) => string): string {
  if (!actor) return 'Chronicle';
  // Their job title says more than their role ("health visitor" rather than "practitioner"); a title in capitals (GP) stays so.
  const title = actor.jobTitle ? (/^[A-Z][a-z]/.test(actor.jobTitle) ? actor.jobTitle.charAt(0).toLowerCase() + actor.jobTitle.slice(1) : actor.jobTitle) : null;
  const about = [title ?? (actor.role ? (ROLES[actor.role] ?? actor.role) : null), actor.agency ? agencyName(actor.agency) : null].filter(Boolean).join(', ');
  return `${actor.name ?? actor.subject}${about ? ` (${about})` : ''}`;
}

/** One audit event as a sentence. `agencyName` turns an agency code into its name. */
export function auditEventInWords(event: AuditEventView, agencyName: (code: string) => string): string {
  const who = event.actor ? actorInWords(event.actor, agencyName) : event.action.startsWith('auth.') ? 'Someone not signed in' : 'Chronicle';
  const child = event.childName ?? (event.childIdentifier ? `the child with identifier ${event.childIdentifier}` : 'a child');
  const phrases = isAuditAction(event.action) ? PHRASES[event.action] : undefined;
  const what = (index: 0 | 1) => phrases?.[index].replace(/\{child\}/g, child);
  const fallback = isAuditAction(event.action) ? AUDIT_ACTIONS[event.action].what : event.action;
  const reason = typeof event.details.reason === 'string' ? (REASONS[event.details.reason] ?? event.details.reason.replace(/-/g, ' ')) : null;
  let sentence: string;
  if (event.outcome === 'denied') sentence = `${who} was refused when trying to ${what(1) ?? fallback.toLowerCase()}${reason ? ` (${reason})` : ''}`;
  else if (event.outcome === 'failed') sentence = `${who} tried to ${what(1) ?? fallback.toLowerCase()}, and it failed${reason ? ` (${reason})` : ''}`;
  else sentence = `${who} ${what(0) ?? `: ${fallback}`}`.replace(' :', ':') + particulars(event);
  const how = event.relationship && event.childId && event.outcome === 'success' ? relationshipInWords(event.relationship) : null;
  return `${sentence}${how ? `, ${how}` : ''}${event.breakGlass && event.relationship !== 'emergency' ? ' (break-glass)' : ''}`;
}

/** What was shown or written, as counts: "12 entries shown, 3 withheld". */
function particulars(event: AuditEventView): string {
  const withheld = typeof event.details.withheld === 'number' ? event.details.withheld : null;
  // An event written without the counts (the demo's month of history) says nothing rather than "0 entries".
  if (event.action === 'chronology.read' && (event.entryIds.length > 0 || withheld !== null)) return `: ${count(event.entryIds.length, 'entry', 'entries')} shown${withheld ? `, ${withheld} withheld` : ''}`;
  if (['entry.create', 'entry.amend'].includes(event.action) && event.fields.length > 0) return `: ${count(event.fields.length, 'field', 'fields')} written`;
  if (event.action === 'entry.read' && event.fields.length > 0) return `: ${count(event.fields.length, 'field', 'fields')} shown`;
  if (event.action === 'entry.read' && event.details.withheld) return ': shown as withheld';
  if (event.action === 'access.claim' && typeof event.details.kind === 'string') return event.details.kind === 'emergency' ? ' in an emergency' : ' as working with the child';
  return '';
}
