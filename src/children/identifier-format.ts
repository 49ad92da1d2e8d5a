import { IDENTIFIER_SCHEMES, IdentifierScheme } from './child-identifier.entity';

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

/**
 * An identifier a search names: `scheme:value` (as the audit trail's `childIdentifier` takes it), or
 * a value alone, matched in any scheme whose format it has; null when it is an identifier of no
 * scheme, which no child could have (a search for it is a mistake, not a question whose answer is none).
 */
export function parseSearchIdentifier(given: string): { scheme?: IdentifierScheme; value: string } | null {
  const separator = given.indexOf(':');
  const scheme = separator < 0 ? undefined : IDENTIFIER_SCHEMES.find((known) => known === given.slice(0, separator).trim().toLowerCase());
  if (separator >= 0 && !scheme) return null;
  const value = normaliseIdentifier(separator < 0 ? given : given.slice(separator + 1));
  const schemes = scheme ? [scheme] : IDENTIFIER_SCHEMES;
  return schemes.some((candidate) => identifierProblem(candidate, value) === null) ? { scheme, value } : null;
}

export const SEARCH_IDENTIFIER_FORMAT =
  'a CHI or NHS number (10 digits), a school candidate number (9 digits) or a police reference (4 to 40 letters, digits, "/" and "-"), on its own or as scheme:value with scheme chi, nhs, scn or police-ref (chi:0101011234)';
