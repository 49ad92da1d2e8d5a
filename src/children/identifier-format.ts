import { IDENTIFIER_SCHEMES, IdentifierScheme } from './child-identifier.entity';

/** Each scheme's format, and what it is called and must be in the words people use (for every message about it, the API's and the pages'). */
const FORMATS: Record<IdentifierScheme, { pattern: RegExp; called: string; description: string }> = {
  chi: { pattern: /^\d{10}$/, called: 'a CHI number', description: '10 digits' },
  nhs: { pattern: /^\d{10}$/, called: 'an NHS number', description: '10 digits' },
  scn: { pattern: /^\d{9}$/, called: 'a Scottish candidate number', description: '9 digits' },
  'police-ref': { pattern: /^[A-Z0-9][A-Z0-9/-]{3,39}$/, called: 'a police reference', description: '4 to 40 letters, digits, "/" and "-"' },
};

/** Every scheme's format in one phrase, for a field that takes an identifier of any of them. */
export const IDENTIFIER_FORMATS_IN_WORDS = `a CHI or NHS number (10 digits), a Scottish candidate number (9 digits) or a police reference (${FORMATS['police-ref'].description})`;

/** Identifiers are compared in one canonical form: no spaces, upper case. */
export function normaliseIdentifier(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** What is wrong with an identifier of the scheme, in words a page can show as they are ("a CHI number must be 10 digits"); null when nothing is. */
export function identifierProblem(scheme: IdentifierScheme, normalised: string): string | null {
  const { pattern, called, description } = FORMATS[scheme];
  return pattern.test(normalised) ? null : `${called} must be ${description}`;
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

export const SEARCH_IDENTIFIER_FORMAT = `${IDENTIFIER_FORMATS_IN_WORDS}, on its own or as scheme:value with scheme ${IDENTIFIER_SCHEMES.join(', ')} (chi:0101011234)`;
