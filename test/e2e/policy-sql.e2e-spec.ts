import { Client } from 'pg';
import { AGENCY_TYPES, AgencyType } from '../../src/agencies/agency.entity';
import { defineAbilityFor, entrySubject, EntryAttributes } from '../../src/access/ability.factory';
import { LOCATE_FIELDS, parseAccessPolicy, READABLE_ENTRY_FIELDS, RELATIONSHIPS } from '../../src/access/access-policy';
import { EntryAttributeColumns, entryPermissionSql } from '../../src/access/entry-permission-sql';
import { SqlParameters } from '../../src/common/sql-parameters';
import type { Principal } from '../../src/auth/principal';
import { SENSITIVITIES } from '../../src/chronology/entry-vocabulary';
import { ROLES } from '../../src/practitioners/practitioner.entity';

/**
 * Property test: for randomly generated policies, users and relationships, the SQL the database
 * filters rows with says exactly what CASL says in the process, for every entry field and every
 * combination of entry attributes. Rows and fields are decided by one rule set; this proves the
 * translation does not drift from it.
 */

const AGENCIES = AGENCY_TYPES.map((type, index) => ({ id: `agency-${index}`, type }));
const COLUMNS: EntryAttributeColumns = { sourceAgencyId: 't.agency_id', sourceAgencyType: 't.agency_type', sensitivity: 't.sensitivity', sharedWithMyAgency: 't.shared' };
const ROWS: EntryAttributes[] = AGENCIES.flatMap((agency) =>
  SENSITIVITIES.flatMap((sensitivity) =>
    [false, true].map((shared) => ({ sourceAgencyId: agency.id, sourceAgencyType: agency.type, sensitivity, sharedWithMyAgency: shared })),
  ),
);
// The policy allows any agency type for any agency; a mismatched pair also checks the conditions are applied independently.
ROWS.push({ sourceAgencyId: AGENCIES[0].id, sourceAgencyType: 'police', sensitivity: 'restricted', sharedWithMyAgency: true });

/** A small deterministic generator, so a failure can be replayed from its seed. */
function generator(seed: number): { pick<T>(values: readonly T[]): T; some<T>(values: readonly T[]): T[]; chance(p: number): boolean } {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    pick: (values) => values[Math.floor(next() * values.length)],
    some: (values) => {
      const chosen = values.filter(() => next() < 0.5);
      return chosen.length > 0 ? chosen : [values[Math.floor(next() * values.length)]];
    },
    chance: (p) => next() < p,
  };
}

function randomPolicy(seed: number): unknown {
  const random = generator(seed);
  const rules = Array.from({ length: 1 + Math.floor(seed % 7) }, (_, index) => {
    const locate = random.chance(0.3);
    const when: Record<string, unknown> = {};
    if (random.chance(0.5)) when.relationship = random.some(RELATIONSHIPS);
    if (random.chance(0.5)) when.sensitivity = random.some(SENSITIVITIES);
    if (random.chance(0.4)) when.sourceAgency = random.pick(['own', 'other']);
    if (random.chance(0.3)) when.sourceAgencyType = random.some(AGENCY_TYPES);
    if (random.chance(0.3)) when.sharedWithMyAgency = true;
    return {
      id: `rule-${index}`,
      description: 'generated',
      roles: random.chance(0.3) ? 'any' : random.some(ROLES),
      agencyTypes: random.chance(0.3) ? 'any' : random.some(AGENCY_TYPES),
      actions: [locate ? 'locate' : 'read'],
      subject: 'Entry',
      fields: locate ? ['sourceAgency', ...random.some(LOCATE_FIELDS)] : ['eventDate', ...random.some(READABLE_ENTRY_FIELDS)],
      when,
    };
  });
  return { version: 1, description: `generated ${seed}`, claims: { minimumReasonLength: 20, 'self-claimed': { durationHours: 1 }, emergency: { durationHours: 1 } }, rules };
}

describe('access policy: SQL and CASL agree', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
  });

  it.each(Array.from({ length: 60 }, (_, index) => [index + 1]))('on generated policy %i', async (seed) => {
    const policy = parseAccessPolicy(randomPolicy(seed), `generated-${seed}`);
    const random = generator(seed * 7919);
    const agency = random.pick(AGENCIES);
    const user: Principal = {
      subject: 'u',
      practitionerId: 'p',
      name: 'n',
      role: random.pick(ROLES),
      jobTitle: null,
      agency: { id: agency.id, code: agency.id, name: agency.id, type: agency.type as AgencyType },
      authenticatedBy: 'bearer',
    };
    const ability = defineAbilityFor(policy, user, random.pick(RELATIONSHIPS));
    const checks = [
      ...[undefined, ...READABLE_ENTRY_FIELDS].map((field) => ({ action: 'read' as const, field })),
      ...LOCATE_FIELDS.map((field) => ({ action: 'locate' as const, field })),
    ];
    const parameters = new SqlParameters([ROWS.map((row) => row.sourceAgencyId), ROWS.map((row) => row.sourceAgencyType), ROWS.map((row) => row.sensitivity), ROWS.map((row) => row.sharedWithMyAgency)]);
    const columns = checks.map(({ action, field }, index) => `${entryPermissionSql(ability, action, field, COLUMNS, parameters)} AS c${index}`);
    const { rows } = await client.query<Record<string, boolean>>(
      `SELECT ${columns.join(', ')} FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[]) WITH ORDINALITY AS t(agency_id, agency_type, sensitivity, shared, n) ORDER BY n`,
      parameters.values,
    );
    const disagreements = ROWS.flatMap((row, rowIndex) =>
      checks.flatMap(({ action, field }, index) => {
        const inProcess = ability.can(action, entrySubject(row), field);
        return rows[rowIndex][`c${index}`] === inProcess ? [] : [{ row, action, field, sql: rows[rowIndex][`c${index}`], casl: inProcess }];
      }),
    );
    expect(disagreements).toEqual([]);
  });
});
