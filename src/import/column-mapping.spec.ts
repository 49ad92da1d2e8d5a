import { columnLetter } from './table-builder';
import { checkColumnMapping, mappingFromSuggestions, suggestColumnMapping } from './column-mapping';
import { ImportColumn } from './import-table';

const columns = (...names: string[]): ImportColumn[] => names.map((name, index) => ({ index, letter: columnLetter(index), name }));
const suggested = (...names: string[]) => Object.fromEntries(suggestColumnMapping(columns(...names)).map(({ column, field }) => [column, field]));

describe(suggestColumnMapping.name, () => {
  it('suggests the field for the names case reviewers use', () => {
    expect(suggested('Date', 'Event', 'What happened', 'Details', 'Impact on child', 'Action', 'Outcome', 'Ref')).toEqual({
      Date: 'eventDate',
      Event: 'eventType',
      'What happened': 'summary',
      Details: 'detail',
      'Impact on child': 'impactOnChild',
      Action: 'actionTaken',
      Outcome: 'outcome',
      Ref: 'sourceReference',
    });
  });

  it('matches without regard to case, punctuation or apostrophes, and by a name’s first words', () => {
    expect(suggested('DATE OF EVENT (dd/mm/yyyy)', 'Type of event', 'Significant event', "Child's views", 'Impact on C/YP', 'Action(s) taken', 'Significant event (Y/N)', 'Source ref.')).toEqual({
      'DATE OF EVENT (dd/mm/yyyy)': 'eventDate',
      'Type of event': 'eventType',
      'Significant event': 'summary',
      "Child's views": 'childView',
      'Impact on C/YP': 'impactOnChild',
      'Action(s) taken': 'actionTaken',
      'Significant event (Y/N)': 'significant',
      'Source ref.': 'sourceReference',
    });
  });

  it('gives a word that names two fields to whichever is still free', () => {
    expect(suggested('Date', 'Event', 'Event type')).toMatchObject({ Event: 'summary', 'Event type': 'eventType' });
    expect(suggested('Date', 'Event', 'What happened')).toMatchObject({ Event: 'eventType', 'What happened': 'summary' });
  });

  it('uses each field once and leaves columns it cannot place unmapped', () => {
    expect(suggested('Date', 'Date of event', 'Worker', 'Source')).toEqual({ Date: 'eventDate', 'Date of event': null, Worker: null, Source: null });
  });

  it('puts the agency’s saved mapping first, and says why each suggestion was made', () => {
    const suggestions = suggestColumnMapping(columns('When', 'Notes', 'Category', 'Worker'), { notes: 'summary', Worker: 'colour' as never, Gone: 'detail' });
    expect(suggestions).toEqual([
      { column: 'When', field: 'eventDate', basis: 'name' },
      { column: 'Notes', field: 'summary', basis: 'saved' },
      { column: 'Category', field: 'eventType', basis: 'name' },
      { column: 'Worker', field: null, basis: null },
    ]);
    expect(mappingFromSuggestions(suggestions)).toEqual({ When: 'eventDate', Notes: 'summary', Category: 'eventType' });
  });
});

describe(checkColumnMapping.name, () => {
  const file = columns('Date', 'Event', 'Summary', 'Action');

  it('accepts a mapping that names columns of the file without regard to case', () => {
    expect(checkColumnMapping({ date: 'eventDate', EVENT: 'eventType', Summary: 'summary', Action: 'noActionReason' }, file)).toEqual([]);
  });

  it('lists every problem at once', () => {
    expect(checkColumnMapping({ Date: 'eventDate', Event: 'eventDate', Summary: 'nonsense' as never, Missing: 'outcome' }, file)).toEqual([
      { field: 'mapping.columns.Summary', problem: expect.stringMatching(/^"nonsense" is not an entry field; use one of eventDate, eventEndDate, /) },
      { field: 'mapping.columns.Missing', problem: 'the file has no column called "Missing"' },
      { field: 'mapping.columns', problem: 'columns "Date" and "Event" are both mapped to the date; map one column to each field' },
      { field: 'mapping.columns', problem: 'map a column to the event type: every entry has one' },
      { field: 'mapping.columns', problem: 'map a column to the summary: every entry has one' },
      { field: 'mapping.columns', problem: 'map a column to the action taken, or to the reason no action was taken: every entry records one' },
    ]);
  });
});
