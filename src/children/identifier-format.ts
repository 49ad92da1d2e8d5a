import { IdentifierScheme } from './child-identifier.entity';

const FORMATS: Record<IdentifierScheme, { pattern: RegExp; description: string }> = {
  chi: { pattern: /^\d{10}$/, description: '10 digits' },
  nhs: { pattern: /^\d{10}$/, description: '10 digits' },
  scn: { pattern: /^\d{9}$/, description: '9 digits' },
  'police-ref': { pattern: /^[A-Z0-9][A-Z0-9/-]{3,39}$/, description: 'letters, digits, "/" and "-"' },
};

/** Identifiers are compared in one canonical form: no spaces, upper case. */
export function normaliseIdentifier(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function identifierProblem(scheme: IdentifierScheme, normalised: string): string | null {
  const format = FORMATS[scheme];
  return format.pattern.test(normalised) ? null : `a ${scheme} identifier must be ${format.description}`;
}
