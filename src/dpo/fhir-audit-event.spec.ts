import { FhirAuditBundle } from './fhir-audit-event';
import type { AuditEventView } from './audit-event.view';

const config = { publicUrl: 'https://chronicle.example', oidc: { issuer: 'https://idp.example' } } as const;

function event(overrides: Partial<AuditEventView>): AuditEventView {
  return {
    id: '1',
    occurredAt: '2026-12-01T10:00:00.000000Z',
    actor: { subject: 's', name: 'A Person', agency: 'police', role: 'practitioner' },
    action: 'chronology.read',
    outcome: 'success',
    childId: '00000000-0000-4000-8000-000000000001',
    entryIds: [],
    fields: [],
    purpose: 'case-work',
    lawfulBasis: null,
    relationship: 'involved',
    accessClaimId: null,
    breakGlass: false,
    correlationId: 'c-1',
    clientAddress: '127.0.0.1',
    details: {},
    chain: { seq: 1, hash: '00' },
    ...overrides,
  } as AuditEventView;
}

function resource(overrides: Partial<AuditEventView>): Record<string, any> {
  const bundle = new FhirAuditBundle(config as never);
  return JSON.parse(`[${bundle.entries([event(overrides)])}]`)[0].resource;
}

describe(FhirAuditBundle.name, () => {
  it('draws each action in the shape the audit vocabulary declares for it', () => {
    expect(resource({ action: 'chronology.read' }).meta.profile).toEqual(['https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientRead']);
    expect(resource({ action: 'practitioner.list', childId: null }).meta.profile).toEqual(['https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.Query']);
    expect(resource({ action: 'audit.report.unusual-volume', childId: null }).type.code).toBe('110101');
    expect(resource({ action: 'access.claim', breakGlass: true }).type.code).toBe('110113');
    expect(resource({ action: 'access.claim', breakGlass: false }).type.code).toBe('rest');
  });

  it('claims no pattern for an action the vocabulary does not declare, rather than filing it as a query', () => {
    const undeclared = resource({ action: 'entry.teleport' });
    expect(undeclared.type).toEqual({ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110100', display: 'Application Activity' });
    expect(undeclared.meta).toBeUndefined();
    expect(undeclared.subtype).toBeUndefined();
  });
});
