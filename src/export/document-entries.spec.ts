import { expectGeneratedFile } from '../../test/support/generated-text';
import { sampleAccess } from '../../test/support/sample-access';
import { sqlListing } from '../../test/support/sql-listing';
import { filteredStatement, recordedStatement, undatedStatement } from './document-entries';

describe('document-entries', () => {
  it('assembles the statements kept in docs/sql/document-entries.sql', () => {
    const access = sampleAccess();
    const filters = { from: '2024-01-01', to: '2026-12-31', agency: ['nhs-lothian'] };
    const recorded = [
      { entryId: '00000000-0000-4000-8000-0000000000e1', version: 2, shown: 'entry' as const },
      { entryId: '00000000-0000-4000-8000-0000000000e2', version: 1, shown: 'undated' as const },
    ];
    expectGeneratedFile(
      'docs/sql/document-entries.sql',
      sqlListing("The statements that select a printed chronology's entries (src/export/document-entries.ts), as assembled for a police practitioner on the child's team under config/access-policy.json", [
        ['A new document: the entries the filters select, up to the limit', filteredStatement(access, { filters, limit: 5001 })],
        ['A new document: the withheld entries without a date (the agency filter only)', undatedStatement(access, filters)],
        ['A document made again: exactly the versions its record lists, access decided on the stricter of each and the entry now', recordedStatement(access, { filters, recorded })],
      ]),
    );
  });
});
