import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAccessPolicy } from '../access/access-policy';
import { parseExportAudiences } from '../export/export-audiences';
import { parseRecordsManagement } from '../retention/records-management';
import { recordOfProcessing, recordOfProcessingCsv, recordOfProcessingMarkdown } from './record-of-processing';

const config = (file: string) => JSON.parse(readFileSync(join(__dirname, '../../config', file), 'utf8'));
const eventTypes = new Set((config('event-types.json') as { code: string }[]).map((type) => type.code));

describe(recordOfProcessing.name, () => {
  const policy = parseAccessPolicy(config('access-policy.json'), 'access-policy.json');
  const record = recordOfProcessing(
    policy,
    parseExportAudiences(config('export-audiences.json'), 'export-audiences.json'),
    parseRecordsManagement(config('records-management.json'), 'records-management.json', eventTypes),
    [{ file: 'access-policy.json', sha256: 'a'.repeat(64) }],
  );

  it('has one line of recipients per rule of the policy that reads entries, with its categories, basis and retention', () => {
    expect(record.recipients.map((row) => row.rule)).toEqual(policy.rules.filter((rule) => rule.subject === 'Entry' && rule.actions.includes('read')).map((rule) => rule.id));
    const thirdSector = record.recipients.find((row) => row.rule === 'third-sector-reads-standard-actions')!;
    expect(thirdSector).toMatchObject({ agencyTypes: ['third-sector'], relationship: 'involved', entries: 'standard entries', categories: ['eventDate', 'actionTaken', 'outcome'] });
    expect(thirdSector.lawfulBasis).toContain('consent');
    const outline = record.recipients.find((row) => row.rule === 'team-reads-standard-outline')!;
    expect(outline.categories).toEqual(['outline', 'account']);
    expect(outline.keptFor).toContain("100th birthday");
  });

  it('lists each audience of printed copies, the subject access pack included, and each retention class with its source', () => {
    expect(record.disclosures.map((row) => row.audience)).toContain('Subject access pack');
    expect(record.retention.find((row) => row.id === 'looked-after-child-case-record')).toMatchObject({ keptFor: "until the child's 100th birthday", source: expect.stringContaining('reg. 43') });
  });

  it('downloads as CSV (one row per recipient line, formula-safe) and as Markdown', () => {
    const csv = recordOfProcessingCsv(record).split('\r\n');
    expect(csv[0]).toBe('recipient_agency_types,recipient_roles,relationship_to_child,entries,categories_of_data,lawful_basis,kept_for,policy_rule');
    expect(csv.length).toBe(record.recipients.length + 2);
    const markdown = recordOfProcessingMarkdown(record);
    for (const heading of ['## Purposes and lawful bases', '## Recipients within the team around the child', '## Retention', '## Disclosures in printed copies']) expect(markdown).toContain(heading);
  });
});
