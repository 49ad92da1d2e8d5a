import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportAudiencesError, parseExportAudiences } from './export-audiences';

const FILE = 'export-audiences.json';

function audience(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'case-conference',
    label: 'Child protection case conference',
    description: 'For the professionals invited to the conference.',
    purposeOfUse: 'care-coordination',
    defaultLawfulBasis: 'UK GDPR Art. 6(1)(e)',
    childName: 'full',
    showDateOfBirth: true,
    showIdentifiers: true,
    leaveOut: [{ fields: ['sourceReference'] }],
    ...overrides,
  };
}

const parse = (...audiences: Record<string, unknown>[]) => parseExportAudiences({ version: 1, audiences }, FILE);

describe(parseExportAudiences.name, () => {
  it('itemises withheld notices unless a profile says otherwise', () => {
    expect(parse(audience())[0].withheldNotices).toBe('itemised');
    expect(parse(audience({ withheldNotices: 'general' }))[0].withheldNotices).toBe('general');
  });

  it.each([['a word it does not know', 'none'], ['null', null], ['a boolean', true]])('refuses withheldNotices given as %s, with every other problem', (_name, value) => {
    expect(() => parse(audience({ withheldNotices: value, childName: 'nickname' }))).toThrow(ExportAudiencesError);
    expect(() => parse(audience({ withheldNotices: value, childName: 'nickname' }))).toThrow(
      /childName must be "full" or "initials"[\s\S]*withheldNotices must be "itemised" or "general"/,
    );
  });

  it('gives the copies for the child and family (and the subject access pack) one general statement, and every professional audience itemised notices', () => {
    const shipped = parseExportAudiences(JSON.parse(readFileSync(join(__dirname, '../../config', FILE), 'utf8')), FILE);
    expect(Object.fromEntries(shipped.map(({ id, withheldNotices }) => [id, withheldNotices]))).toEqual({
      'childrens-hearing': 'itemised',
      'case-conference': 'itemised',
      'looked-after-review': 'itemised',
      'family-copy': 'general',
      'data-subject': 'general',
      'learning-review': 'itemised',
    });
  });
});
