import { expectGeneratedSection } from '../../test/support/generated-text';
import { AUDIT_ACTIONS, AuditActionDeclaration, ChildConcerned, PurposeSource } from './audit-vocabulary';

const PURPOSE_WORDS: Record<PurposeSource, string> = {
  caller: "the caller's (by role and relationship)",
  audience: "the export audience's",
  authentication: '`authentication`',
  system: '`system`',
};

const CHILD_WORDS: Record<ChildConcerned, string> = { child: 'yes', found: 'each child found', asked: 'when asked about one', none: 'no' };

function actionsTable(): string {
  const rows = Object.entries(AUDIT_ACTIONS).map(([action, declared]: [string, AuditActionDeclaration]) => {
    const fhir = declared.fhirIfBreakGlass ? `${declared.fhir}; ${declared.fhirIfBreakGlass} when break-glass` : declared.fhir;
    return `| \`${action}\` | ${declared.what} | ${fhir} | ${declared.purpose.map((source) => PURPOSE_WORDS[source]).join('; or ')} | ${CHILD_WORDS[declared.child]} |`;
  });
  return ['| Action | What happened | FHIR shape | Purpose of use | Names the child |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

describe('the audit vocabulary', () => {
  it("is the table of actions in docs/audit.md", () => {
    expectGeneratedSection('docs/audit.md', 'audit actions', actionsTable());
  });

  it('words every action for a reader', () => {
    for (const declared of Object.values(AUDIT_ACTIONS) as AuditActionDeclaration[]) {
      expect(declared.what).toMatch(/^[A-Z].*[^.]$/);
      expect(declared.purpose.length).toBeGreaterThan(0);
    }
  });
});
