import { expectGeneratedFile } from '../../test/support/generated-text';
import { sampleAccess } from '../../test/support/sample-access';
import { sqlListing } from '../../test/support/sql-listing';
import { activityStatement, chronologyPageStatements, entryStatement, historyStatement, undatedWithheldStatement } from './entry-sql';

const ENTRY = '00000000-0000-4000-8000-0000000000e1';
const OTHER_AGENCY = '00000000-0000-4000-8000-0000000000a1';

describe('entry-sql', () => {
  it('assembles the statements kept in docs/sql/entries.sql', () => {
    const access = sampleAccess();
    const page = chronologyPageStatements(access, { from: '2024-01-01', agency: ['nhs-lothian'], eventType: ['hospital-attendance'], wellbeingIndicator: ['safe'], significant: true }, 2, 50);
    const first = chronologyPageStatements(access, {}, 1, 100, { withUndatedWithheld: true });
    const whole = chronologyPageStatements(access, {}, 1, 2000, { withUndatedWithheld: true });
    expectGeneratedFile(
      'docs/sql/entries.sql',
      sqlListing('The statements that read entries (src/chronology/entry-sql.ts), as assembled for a police practitioner on the child\'s team under config/access-policy.json', [
        ['EntryRepository.chronologyPage: the first page of the merged chronology, with the count of all it holds and, on its first row, the withheld entries that show no date', first.page],
        ['EntryRepository.chronologyPage: the merged chronology read whole (2,000 a page), in one pass, one row past the page, and the withheld entries that show no date on its first row', whole.page],
        ['EntryRepository.chronologyPage: a filtered second page', page.page],
        ['EntryRepository.chronologyPage: the count alone, for a page past the end or a large page not the last', page.count],
        ['EntryRepository.undatedWithheld: withheld entries without a date, counted per agency and sensitivity (for a page with no row to carry them)', undatedWithheldStatement(access)],
        ['EntryRepository.find: one entry', entryStatement(access, ENTRY)],
        ['EntryRepository.history: every version of one entry', historyStatement(access, ENTRY)],
        [
          'EntryRepository.activity: the latest entry dated for the caller, and the entries other agencies recorded since the caller last read the chronology (My children)',
          activityStatement(access, OTHER_AGENCY, new Date('2025-03-01T09:30:00Z')),
        ],
      ]),
    );
  });

  it('binds every value as a parameter the text uses', () => {
    const filters = { to: '2025-01-01', agency: ['x'], eventType: ['y'], wellbeingIndicator: ['active' as const], significant: false, includeEnteredInError: true };
    const { page, count } = chronologyPageStatements(sampleAccess(), filters, 3, 10);
    const onePass = chronologyPageStatements(sampleAccess(), filters, 2, 2000).page;
    const withUndated = [chronologyPageStatements(sampleAccess(), filters, 3, 10, { withUndatedWithheld: true }).page, chronologyPageStatements(sampleAccess(), filters, 2, 2000, { withUndatedWithheld: true }).page];
    const activity = activityStatement(sampleAccess(), OTHER_AGENCY, null);
    // Filters the running counts answer: the totals come from them, and a later page counts only what lies before it.
    const counted = { agency: ['x'], includeEnteredInError: true };
    const fromCounts = [chronologyPageStatements(sampleAccess(), counted, 1, 10), chronologyPageStatements(sampleAccess(), counted, 3, 10)].flatMap(({ page: each, count: total }) => [each, total]);
    for (const statement of [page, onePass, ...withUndated, count, activity, undatedWithheldStatement(sampleAccess()), ...fromCounts]) {
      const used = new Set([...statement.text.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
      expect([...used].sort((a, b) => a - b)).toEqual(statement.values.map((_value, index) => index + 1));
    }
  });
});
