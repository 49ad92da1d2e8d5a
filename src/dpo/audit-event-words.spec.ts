import type { AuditEventView } from './audit-event.view';
import { actionInWords, auditEventInWords } from './audit-event-words';

const AGENCIES: Record<string, string> = { 'nhs-lanarkshire': 'NHS Lanarkshire', 'police-scotland': 'Police Scotland' };
const agencyName = (code: string) => AGENCIES[code] ?? code;

function event(overrides: Partial<AuditEventView>): AuditEventView {
  return {
    id: '1',
    occurredAt: '2026-12-01T10:00:00.000000Z',
    actor: { subject: 'hv.hughes', name: 'Helen Hughes', jobTitle: null, agency: 'nhs-lanarkshire', role: 'practitioner' },
    action: 'chronology.read',
    outcome: 'success',
    childId: '00000000-0000-4000-8000-000000000001',
    childIdentifier: 'chi:2105243649',
    childName: 'Isla Brennan',
    entryIds: Array.from({ length: 12 }, (_, index) => String(index)),
    fields: ['summary'],
    purpose: 'case-work',
    lawfulBasis: null,
    relationship: 'involved',
    accessClaimId: null,
    breakGlass: false,
    correlationId: 'c-1',
    clientAddress: '127.0.0.1',
    details: { withheld: 3 },
    chain: { seq: 1, hash: '00' },
    ...overrides,
  };
}

describe('auditEventInWords', () => {
  it('says who read whose chronology, how much was shown and withheld, and on what footing', () => {
    expect(auditEventInWords(event({}), agencyName)).toBe("Helen Hughes (practitioner, NHS Lanarkshire) read Isla Brennan's chronology: 12 entries shown, 3 withheld, as a member of the team");
  });

  it('says who was refused, and why, without a footing they did not have', () => {
    expect(auditEventInWords(event({ outcome: 'denied', relationship: 'none', entryIds: [], details: { reason: 'no-relationship' } }), agencyName)).toBe(
      "Helen Hughes (practitioner, NHS Lanarkshire) was refused when trying to read Isla Brennan's chronology (no relationship to the child)",
    );
  });

  it('names emergency access, and knows a child by identifier when it has no name', () => {
    expect(auditEventInWords(event({ relationship: 'emergency', breakGlass: true, childName: null, entryIds: ['1'], details: {} }), agencyName)).toBe(
      "Helen Hughes (practitioner, NHS Lanarkshire) read the child with identifier chi:2105243649's chronology: 1 entry shown, under emergency (break-glass) access",
    );
  });

  it("words the service's own events and a sign-in nobody could be named for", () => {
    expect(auditEventInWords(event({ actor: null, action: 'configuration.load', childId: null, relationship: null, details: {} }), agencyName)).toBe('Chronicle started, loading its policy files');
    expect(auditEventInWords(event({ actor: null, action: 'auth.login', outcome: 'failed', childId: null, relationship: null, details: { reason: 'code-exchange-failed' } }), agencyName)).toBe(
      'Someone not signed in tried to sign in, and it failed (code exchange failed)',
    );
  });

  it('gives no counts an event did not record', () => {
    expect(auditEventInWords(event({ entryIds: [], details: {} }), agencyName)).toBe("Helen Hughes (practitioner, NHS Lanarkshire) read Isla Brennan's chronology, as a member of the team");
  });

  it('gives their job title where the service knows it', () => {
    const hughes = { subject: 'hv.hughes', name: 'Helen Hughes', jobTitle: 'Health visitor', agency: 'nhs-lanarkshire', role: 'practitioner' };
    expect(auditEventInWords(event({ actor: hughes }), agencyName)).toBe("Helen Hughes (health visitor, NHS Lanarkshire) read Isla Brennan's chronology: 12 entries shown, 3 withheld, as a member of the team");
    expect(auditEventInWords(event({ actor: { ...hughes, jobTitle: 'GP' } }), agencyName)).toMatch(/^Helen Hughes \(GP, NHS Lanarkshire\)/);
  });

  it('falls back to the audit vocabulary for an action it has no words of its own for', () => {
    expect(auditEventInWords(event({ action: 'not.an-action', relationship: null, details: {} }), agencyName)).toBe('Helen Hughes (practitioner, NHS Lanarkshire): not.an-action');
  });

  it('words each action of the vocabulary', () => {
    expect(actionInWords('chronology.read')).toBe("read the child's chronology");
    expect(actionInWords('team.read')).toBe('looked at the team around the child');
  });
});
