import { AGENCY_TYPES } from '../agencies/agency.entity';
import type { JsonSchema } from '../config/config-schema';
import { ROLES } from '../practitioners/practitioner.entity';
import { CLAIM_KINDS, ENTRY_CONDITIONS, POLICY_ACTIONS, POLICY_SUBJECTS, READABLE_ENTRY_FIELDS, RELATIONSHIPS, SENSITIVITIES } from './access-policy';

/**
 * The shape of config/access-policy.json, as a JSON Schema (draft-07). Shipped as
 * config/schemas/access-policy.schema.json (a test keeps the file equal to this); what a schema
 * cannot say, parseAccessPolicy checks in code.
 */

const KEBAB = '^[a-z0-9]+(-[a-z0-9]+)*$';

const text = (message: string): JsonSchema => ({ type: 'string', pattern: '\\S', errorMessage: message });

/** A non-empty list of words from a vocabulary, or (where allowed) "any" for all of them. */
const wordsOf = (vocabulary: readonly string[], anyAllowed: boolean): JsonSchema => {
  const list = { type: 'array', minItems: 1, items: { enum: [...vocabulary] } };
  if (!anyAllowed) return { ...list, errorMessage: { type: 'must be a non-empty list', minItems: 'must be a non-empty list' } };
  return {
    if: { type: 'string' },
    then: { const: 'any', errorMessage: 'must be a non-empty list or "any"' },
    else: { ...list, errorMessage: { type: 'must be a non-empty list or "any"', minItems: 'must be a non-empty list or "any"' } },
  };
};

const claimSettings: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['durationHours'],
  properties: {
    durationHours: { type: 'number', exclusiveMinimum: 0, maximum: 720, errorMessage: 'must be a number of hours above 0 and at most 720' },
  },
  errorMessage: { type: 'must say how long the access lasts' },
};

let schema: JsonSchema | undefined;

/** Built on first use: the vocabulary it draws on is declared beside the parser that uses it. */
export function accessPolicySchema(): JsonSchema {
  return (schema ??= build());
}

const build = (): JsonSchema => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://chronicle.invalid/schemas/access-policy.schema.json',
  title: 'Chronicle access policy',
  description: 'Who may read or write what of a child\'s chronology (docs/access-policy.md). Anything not granted is refused.',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'description', 'claims', 'rules'],
  properties: {
    $schema: { type: 'string' },
    $comment: { type: 'string' },
    version: { const: 1, errorMessage: 'must be 1' },
    description: text('must say what the policy is for'),
    fieldGroups: {
      description: 'Names for lists of entry fields, usable in the fields of any rule.',
      type: 'object',
      propertyNames: { pattern: '^[a-z][a-zA-Z0-9]*$' },
      additionalProperties: { type: 'array', minItems: 1, items: { title: 'entry field', enum: [...READABLE_ENTRY_FIELDS] }, errorMessage: { type: 'must list at least one entry field', minItems: 'must list at least one entry field' } },
      errorMessage: {
        type: 'must be an object of group name to entry fields',
        propertyNames: 'has a group name that is not letters and digits starting with a lower-case letter',
      },
    },
    claims: {
      description: 'How long self-claimed and emergency (break-glass) access last, and how long a claim\'s reason must be.',
      type: 'object',
      additionalProperties: false,
      required: ['minimumReasonLength', ...CLAIM_KINDS],
      properties: {
        minimumReasonLength: { type: 'integer', minimum: 10, maximum: 1000, errorMessage: 'must be a whole number from 10 to 1000' },
        ...Object.fromEntries(CLAIM_KINDS.map((kind) => [kind, claimSettings])),
      },
      errorMessage: { type: 'must say how long self-claimed and emergency access last' },
    },
    rules: {
      type: 'array',
      minItems: 1,
      errorMessage: { type: 'must be a non-empty array', minItems: 'must be a non-empty array' },
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'description', 'roles', 'agencyTypes', 'actions', 'subject'],
        properties: {
          id: { type: 'string', pattern: KEBAB, errorMessage: 'must be kebab-case' },
          description: text('must say in words what the rule allows'),
          roles: wordsOf(ROLES, true),
          agencyTypes: wordsOf(AGENCY_TYPES, true),
          actions: wordsOf(POLICY_ACTIONS, false),
          subject: { title: 'subject', enum: [...POLICY_SUBJECTS] },
          fields: {
            description: 'Entry fields or field groups; for reading, locating, creating and amending entries only.',
            type: 'array',
            minItems: 1,
            items: { type: 'string' },
            errorMessage: { type: 'must list the entry fields (or field groups) the rule covers', minItems: 'must list the entry fields (or field groups) the rule covers' },
          },
          when: {
            type: 'object',
            additionalProperties: false,
            properties: {
              relationship: wordsOf(RELATIONSHIPS, false),
              sensitivity: wordsOf(SENSITIVITIES, false),
              sourceAgency: { enum: ['own', 'other'], errorMessage: 'must be "own" or "other"' },
              sourceAgencyType: wordsOf(AGENCY_TYPES, false),
              sharedWithMyAgency: { const: true, errorMessage: 'can only be true (leave it out otherwise)' },
            } satisfies Record<'relationship' | (typeof ENTRY_CONDITIONS)[number], JsonSchema>,
            errorMessage: { type: 'must be an object of conditions' },
          },
        },
        errorMessage: {
          type: 'is not an object',
          required: { id: 'must be kebab-case', description: 'must say in words what the rule allows' },
        },
      },
    },
  },
  errorMessage: {
    type: 'must hold a JSON object',
    required: {
      version: 'must be 1',
      description: 'must say what the policy is for',
      claims: 'must say how long self-claimed and emergency access last',
      rules: 'must be a non-empty array',
    },
  },
});
