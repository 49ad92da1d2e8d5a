import { randomUUID } from 'node:crypto';
import { AUDIT_ACTIONS, AuditActionDeclaration, FhirKind, isAuditAction, PurposeOfUse } from '../audit/audit-vocabulary';
import type { AppConfig } from '../config/app-config';
import type { AuditEventView } from './audit-event.view';

/**
 * Audit events as FHIR R4 AuditEvent resources following IHE Basic Audit Log Patterns (BALP 1.1.4)
 * where a pattern exists: RESTful read, query, create and update with the child as the patient
 * entity; a disclosure (export) at source; DICOM events for sign-in, break-glass (a security
 * alert), use of the audit log itself and application activity. BALP's profiles describe
 * successful events only, so a denied or failed event keeps the shape but claims no profile.
 * docs/audit.md has the table.
 */

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const RESTFUL = 'http://hl7.org/fhir/restful-interaction';
const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const BALP = 'https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.';
const BALP_ENTITY_TYPE = 'https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType';

interface Coding {
  system: string;
  code: string;
  display: string;
}

interface Shape {
  profile?: string;
  type: Coding;
  subtype: Coding[];
  action: 'C' | 'R' | 'U' | 'D' | 'E';
  /** Agent types of the client and the server, which BALP swaps between reads and writes. */
  client: Coding;
  server: Coding;
  userType: Coding;
}

const SOURCE_ROLE: Coding = { system: DCM, code: '110153', display: 'Source Role ID' };
const DESTINATION_ROLE: Coding = { system: DCM, code: '110152', display: 'Destination Role ID' };
const APPLICATION: Coding = { system: DCM, code: '110150', display: 'Application' };
const RECIPIENT: Coding = { system: PARTICIPATION, code: 'IRCP', display: 'information recipient' };
const AUTHOR: Coding = { system: PARTICIPATION, code: 'AUT', display: 'author (originator)' };
const REST: Coding = { system: EVENT_TYPE, code: 'rest', display: 'Restful Operation' };

const SHAPES: Record<FhirKind, Shape> = {
  read: { profile: 'PatientRead', type: REST, subtype: [{ system: RESTFUL, code: 'read', display: 'read' }], action: 'R', client: DESTINATION_ROLE, server: SOURCE_ROLE, userType: RECIPIENT },
  query: { profile: 'Query', type: REST, subtype: [{ system: RESTFUL, code: 'search-type', display: 'search type' }], action: 'E', client: SOURCE_ROLE, server: DESTINATION_ROLE, userType: RECIPIENT },
  create: { profile: 'PatientCreate', type: REST, subtype: [{ system: RESTFUL, code: 'create', display: 'create' }], action: 'C', client: SOURCE_ROLE, server: DESTINATION_ROLE, userType: AUTHOR },
  update: { profile: 'PatientUpdate', type: REST, subtype: [{ system: RESTFUL, code: 'update', display: 'update' }], action: 'U', client: SOURCE_ROLE, server: DESTINATION_ROLE, userType: AUTHOR },
  disclosure: {
    profile: 'PrivacyDisclosure.Source',
    type: { system: DCM, code: '110106', display: 'Export' },
    subtype: [{ system: 'http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle', code: 'disclose', display: 'Disclose Record Lifecycle Event' }],
    action: 'R',
    client: DESTINATION_ROLE,
    server: SOURCE_ROLE,
    userType: RECIPIENT,
  },
  'break-glass': {
    type: { system: DCM, code: '110113', display: 'Security Alert' },
    subtype: [{ system: DCM, code: '110127', display: 'Emergency Override Started' }],
    action: 'E',
    client: APPLICATION,
    server: DESTINATION_ROLE,
    userType: RECIPIENT,
  },
  login: { type: { system: DCM, code: '110114', display: 'User Authentication' }, subtype: [{ system: DCM, code: '110122', display: 'Login' }], action: 'E', client: APPLICATION, server: DESTINATION_ROLE, userType: RECIPIENT },
  logout: { type: { system: DCM, code: '110114', display: 'User Authentication' }, subtype: [{ system: DCM, code: '110123', display: 'Logout' }], action: 'E', client: APPLICATION, server: DESTINATION_ROLE, userType: RECIPIENT },
  authentication: { type: { system: DCM, code: '110114', display: 'User Authentication' }, subtype: [], action: 'E', client: APPLICATION, server: DESTINATION_ROLE, userType: RECIPIENT },
  'audit-log': { type: { system: DCM, code: '110101', display: 'Audit Log Used' }, subtype: [], action: 'R', client: DESTINATION_ROLE, server: SOURCE_ROLE, userType: RECIPIENT },
  application: { type: { system: DCM, code: '110100', display: 'Application Activity' }, subtype: [{ system: DCM, code: '110120', display: 'Application Start' }], action: 'E', client: APPLICATION, server: SOURCE_ROLE, userType: RECIPIENT },
};

const UNDECLARED: Shape = { type: { system: DCM, code: '110100', display: 'Application Activity' }, subtype: [], action: 'E', client: APPLICATION, server: SOURCE_ROLE, userType: RECIPIENT };

const PURPOSE_CODES: Record<PurposeOfUse, Coding> = {
  'case-work': { system: ACT_REASON, code: 'COC', display: 'coordination of care' },
  'care-coordination': { system: ACT_REASON, code: 'COC', display: 'coordination of care' },
  'break-glass': { system: ACT_REASON, code: 'BTG', display: 'break the glass' },
  audit: { system: ACT_REASON, code: 'HCOMPL', display: 'health compliance' },
  administration: { system: ACT_REASON, code: 'HSYSADMIN', display: 'health system administration' },
  'legal-proceedings': { system: ACT_REASON, code: 'HLEGAL', display: 'legal' },
  'subject-access': { system: ACT_REASON, code: 'PATRQT', display: 'patient requested' },
  authentication: { system: ACT_REASON, code: 'HSYSADMIN', display: 'health system administration' },
  system: { system: ACT_REASON, code: 'HSYSADMIN', display: 'health system administration' },
};

const OUTCOME_DESCRIPTIONS = { success: undefined, denied: 'Denied by the access policy', failed: 'Failed' } as const;

interface FhirContext {
  /** The server's public URL: the source of every event and the namespace of its identifiers. */
  publicUrl: string;
  /** The identity provider, whose subjects identify the users. */
  issuer: string;
}

/**
 * The shape the audit vocabulary declares for the action. An action it does not declare (written by
 * another version of the server) claims no pattern: it goes out as plain application activity,
 * not dressed up as one it may not be.
 */
function shapeOf(event: Pick<AuditEventView, 'action' | 'breakGlass'>): Shape {
  if (!isAuditAction(event.action)) return UNDECLARED;
  const declared: AuditActionDeclaration = AUDIT_ACTIONS[event.action];
  return SHAPES[event.breakGlass && declared.fhirIfBreakGlass ? declared.fhirIfBreakGlass : declared.fhir];
}

/** The path (under the API) of what the event acted on. */
function resourceOf(event: AuditEventView): string {
  if (event.entryIds.length === 1 && event.action.startsWith('entry.')) return `entries/${event.entryIds[0]}`;
  const child = `children/${event.childId}`;
  if (event.action === 'chronology.read') return `${child}/chronology`;
  if (event.action.startsWith('team.')) return `${child}/team`;
  if (event.action.startsWith('export.') && typeof event.details.exportId === 'string') return `exports/${event.details.exportId}`;
  return child;
}

function toFhirAuditEvent(event: AuditEventView, context: FhirContext): Record<string, unknown> {
  const shape = shapeOf(event);
  const purpose = { coding: [{ system: 'urn:chronicle:purpose-of-use', code: event.purpose, display: event.purpose }, PURPOSE_CODES[event.purpose]] };
  const host = new URL(context.publicUrl).host;
  const reason = typeof event.details.reason === 'string' ? `: ${event.details.reason}` : '';
  const outcomeDescription = event.outcome === 'success' ? undefined : `${OUTCOME_DESCRIPTIONS[event.outcome]}${reason}`;
  const agents: Record<string, unknown>[] = [
    {
      type: { coding: [shape.client] },
      who: { display: 'Chronicle API client' },
      requestor: false,
      ...(event.clientAddress ? { network: { address: event.clientAddress, type: '2' } } : {}),
    },
    {
      type: { coding: [shape.server] },
      who: { display: host },
      requestor: false,
      network: { address: context.publicUrl, type: '5' },
    },
  ];
  if (event.actor) {
    agents.push({
      type: { coding: [shape.userType] },
      who: { identifier: { system: context.issuer, value: event.actor.subject }, ...(event.actor.name ? { display: event.actor.name } : {}) },
      ...(event.actor.name ? { name: event.actor.name } : {}),
      requestor: true,
      role: [event.actor.role, event.actor.agency].filter((value): value is string => value !== null).map((text) => ({ text })),
      purposeOfUse: [purpose],
    });
  }
  const entities: Record<string, unknown>[] = [];
  if (event.childId) {
    entities.push({
      what: { type: 'Patient', identifier: { system: `${context.publicUrl}/api/children`, value: event.childId } },
      type: { system: ENTITY_TYPE, code: '1', display: 'Person' },
      role: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
      ...(shape.type.code === '110113' ? { detail: [{ type: 'Alert Description', valueString: 'Emergency (break-glass) access to a child record' }] } : {}),
    });
  }
  if (shape === SHAPES.query) {
    entities.push({
      type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
      role: { system: OBJECT_ROLE, code: '24', display: 'Query' },
      query: Buffer.from(JSON.stringify({ action: event.action, ...event.details }), 'utf8').toString('base64'),
    });
  } else if (event.childId || event.entryIds.length > 0) {
    // One data entity, as BALP's read, create and update patterns require: the resource acted on, with the entries and fields it disclosed as details.
    const detail = [
      ...(event.entryIds.length > 0 ? [{ type: 'entryIds', valueString: event.entryIds.join(' ') }] : []),
      ...(event.fields.length > 0 ? [{ type: 'fields', valueString: event.fields.join(' ') }] : []),
    ];
    entities.push({
      what: { identifier: { system: `${context.publicUrl}/api`, value: resourceOf(event) }, display: event.action },
      type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
      role: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' },
      ...(detail.length > 0 ? { detail } : {}),
    });
  }
  if (shape.type.code === '110101') {
    entities.push({ type: { system: ENTITY_TYPE, code: '2', display: 'System Object' }, role: { system: OBJECT_ROLE, code: '13', display: 'Security Resource' }, name: 'Security Audit Log' });
  }
  if (event.correlationId) {
    entities.push({
      what: { identifier: { value: event.correlationId } },
      type: { system: BALP_ENTITY_TYPE, code: 'XrequestId', display: 'transport specific unique identifier where http X-Request-Id is used' },
    });
  }
  // BALP's profiles describe successful events seen from both ends of the network; the patient ones need a patient.
  const conforms = event.outcome === 'success' && event.clientAddress !== null && (event.childId !== null || !shape.profile?.startsWith('Patient'));
  const profile = shape.profile && conforms ? `${BALP}${shape.profile}` : undefined;
  return {
    resourceType: 'AuditEvent',
    id: event.id,
    ...(profile ? { meta: { profile: [profile] } } : {}),
    type: shape.type,
    ...(shape.subtype.length > 0 ? { subtype: shape.subtype } : {}),
    action: shape.action,
    recorded: event.occurredAt,
    outcome: event.outcome === 'success' ? '0' : '4',
    ...(outcomeDescription ? { outcomeDesc: outcomeDescription } : {}),
    purposeOfEvent: [purpose],
    agent: agents,
    source: {
      site: host,
      observer: { display: `Chronicle (${host})` },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
    },
    ...(entities.length > 0 ? { entity: entities } : {}),
  };
}

/**
 * A FHIR R4 Bundle (collection) of AuditEvents, made in pieces so that an export of millions of
 * events never sits in memory: `opening`, then `entries()` of each batch in turn, then `closing`.
 */
export class FhirAuditBundle {
  readonly id = randomUUID();
  readonly opening: string;
  readonly closing = ']}';
  private readonly context: FhirContext;
  private started = false;

  constructor(config: Pick<AppConfig, 'publicUrl' | 'oidc'>, now: Date = new Date()) {
    this.context = { publicUrl: config.publicUrl, issuer: config.oidc.issuer };
    const head = {
      resourceType: 'Bundle',
      id: this.id,
      identifier: { system: `${config.publicUrl}/api/audit/exports`, value: this.id },
      type: 'collection',
      timestamp: now.toISOString(),
      entry: [],
    };
    // The head with its entry list left open: `..."entry":[`.
    this.opening = JSON.stringify(head).slice(0, -this.closing.length);
  }

  /** One batch of events as bundle entries, with the comma that follows the batch before. */
  entries(events: AuditEventView[]): string {
    const entries = events.map((event) => JSON.stringify({ fullUrl: `${this.context.publicUrl}/api/audit/events/${event.id}`, resource: toFhirAuditEvent(event, this.context) }));
    const separator = this.started ? ',' : '';
    this.started = true;
    return `${separator}${entries.join(',')}`;
  }
}
