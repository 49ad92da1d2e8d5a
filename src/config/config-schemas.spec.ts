import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectGeneratedFile } from '../../test/support/generated-text';
import { accessPolicySchema } from '../access/access-policy.schema';
import { EVENT_TYPES_SCHEMA } from '../chronology/event-taxonomy.service';
import { AUDIT_REPORTS_SCHEMA } from '../dpo/audit-report-settings';
import { EXPORT_AUDIENCES_SCHEMA } from '../export/export-audiences';
import { RECORDS_MANAGEMENT_SCHEMA } from '../retention/records-management';
import type { JsonSchema } from './config-schema';

const SCHEMAS: [file: string, schema: JsonSchema][] = [
  ['access-policy.json', accessPolicySchema()],
  ['event-types.json', EVENT_TYPES_SCHEMA],
  ['export-audiences.json', EXPORT_AUDIENCES_SCHEMA],
  ['audit-reports.json', AUDIT_REPORTS_SCHEMA],
  ['records-management.json', RECORDS_MANAGEMENT_SCHEMA],
];

const CONFIG = path.resolve(__dirname, '..', '..', 'config');

describe('the schemas of config/', () => {
  it.each(SCHEMAS)('ships the schema of %s in config/schemas/', (file, schema) => {
    expectGeneratedFile(`config/schemas/${file.replace('.json', '.schema.json')}`, `${JSON.stringify(schema, null, 2)}\n`);
  });

  it.each(SCHEMAS)('lets a standard validator, which knows none of our words for problems, check %s as shipped', (file) => {
    const schema = JSON.parse(fs.readFileSync(path.join(CONFIG, 'schemas', file.replace('.json', '.schema.json')), 'utf8'));
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const shipped = JSON.parse(fs.readFileSync(path.join(CONFIG, file), 'utf8'));
    expect(validate(shipped) ? [] : validate.errors).toEqual([]);
    expect(validate({ ...(Array.isArray(shipped) ? {} : shipped), misspelt: true })).toBe(false);
  });

  it('points each shipped file that is an object at its schema, for editors', () => {
    for (const [file] of SCHEMAS.filter(([file]) => file !== 'event-types.json')) {
      expect(JSON.parse(fs.readFileSync(path.join(CONFIG, file), 'utf8')).$schema).toBe(`./schemas/${file.replace('.json', '.schema.json')}`);
    }
  });
});
