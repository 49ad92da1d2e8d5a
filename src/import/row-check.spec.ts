import type { ArgumentMetadata } from '@nestjs/common';
import { shippedTaxonomy, tableOf } from '../../test/support/import-fixtures';
import { EntryContentDto } from '../chronology/dto/entry-content.dto';
import { checkAndNormaliseContent, contentFromDto } from '../chronology/entry-content';
import { DomainError } from '../common/domain-error';
import { Vocabularies } from '../common/request-checks';
import { createValidationPipe } from '../common/validation';
import { CheckedRow, checkRows, ImportMapping, RowProblem } from './row-check';

const TODAY = '2026-12-03';
const taxonomy = shippedTaxonomy();
const HEADER = ['Date', 'Event', 'What happened', 'Details', 'Action', 'Reason no action', 'End date', 'Significant?', 'Wellbeing', 'Ref'];
const MAPPING: ImportMapping = {
  columns: {
    Date: 'eventDate',
    Event: 'eventType',
    'What happened': 'summary',
    Details: 'detail',
    Action: 'actionTaken',
    'Reason no action': 'noActionReason',
    'End date': 'eventEndDate',
    'Significant?': 'significant',
    Wellbeing: 'wellbeingIndicators',
    Ref: 'sourceReference',
  },
  eventTypes: { 'Home visit': 'other', 'CP conf': 'child-protection-case-conference' },
};

const check = (...rows: string[][]): Promise<CheckedRow[]> => checkRows(tableOf(HEADER, ...rows), MAPPING, { taxonomy, today: TODAY });
const problemsOf = (row: CheckedRow): RowProblem[] => (row.ok ? [] : row.problems);

describe(checkRows.name, () => {
  it('turns a good row into the body an entry request takes, and the content it would store', async () => {
    const [row] = await check(['?May 2016', 'Home visit', ' Visited the family at home ', 'Mum and J present', 'Advice given', '', '', 'Yes', 'Safe, Nurtured', 'SW-1042']);
    expect(row).toMatchObject({ rowNumber: 2, ok: true });
    if (!row.ok) return;
    expect({ ...row.entry }).toEqual({
      eventDate: '2016-05-15',
      datePrecision: 'approximate',
      eventType: 'other',
      summary: ' Visited the family at home ',
      detail: 'Mum and J present',
      actionTaken: 'Advice given',
      significant: true,
      wellbeingIndicators: ['safe', 'nurtured'],
      sourceReference: 'SW-1042',
    });
    expect(row.entry).toBeInstanceOf(EntryContentDto);
    expect(row.content).toMatchObject({ summary: 'Visited the family at home', nature: 'neutral', sensitivity: 'standard', noActionReason: null, eventEndDate: null });
  });

  it('stores a month as its first day, as a typed entry is', async () => {
    const [row] = await check(['May 2016', 'concern-raised', 'Concern raised by school', '', 'Referred']);
    expect(row.ok && row.content).toMatchObject({ eventDate: '2016-05-01', datePrecision: 'month', eventType: 'concern-raised' });
  });

  it('takes the taxonomy’s own code or label for an event without a mapping', async () => {
    const rows = await check(['2016', 'Child protection case conference', 'Initial conference held', '', 'Registered'], ['2016', 'cp CONF', 'Review conference', '', 'Kept on register']);
    expect(rows.map((row) => row.ok && row.content.eventType)).toEqual(['child-protection-case-conference', 'child-protection-case-conference']);
  });

  it('keeps a time written with the date', async () => {
    const [row] = await check(['22/05/2016 14:30', 'Home visit', 'Visit', '', 'None needed']);
    expect(row.ok && row.entry).toMatchObject({ eventDate: '2016-05-22', eventTime: '14:30', datePrecision: 'day' });
  });

  it('keeps text that looks like a formula exactly as written', async () => {
    const formulas = ['=HYPERLINK("http://evil.example","Click")', '+44 7700 900123', '-2 on the scale', '@school said', '=1+1'];
    const rows = await check(...formulas.map((text) => ['22/05/2016', 'Home visit', text, text, 'Noted']));
    expect(rows.map((row) => row.ok && row.content.summary)).toEqual(formulas);
    expect(rows.map((row) => row.ok && row.content.detail)).toEqual(formulas);
  });

  it('reports every problem of a row at once, by row and column, in plain words', async () => {
    const rows = await check(
      ['22/05/2016', 'Home visit', 'A good row', '', 'Advice given'],
      ['31/02/2016', 'Phone call', 'x'.repeat(501), 'Bad\u0007bell', 'Advice given', 'And a reason', '', 'maybe', 'safe, happy', ''],
    );
    expect(rows[0].ok).toBe(true);
    expect(rows[1]).toMatchObject({ rowNumber: 3, ok: false });
    expect(problemsOf(rows[1])).toEqual([
      { row: 3, column: 'Date', columnLetter: 'A', field: 'eventDate', problem: '"31/02/2016" is not a real date: February 2016 has 29 days' },
      { row: 3, column: 'Event', columnLetter: 'B', field: 'eventType', problem: '"Phone call" is not matched to an event type; choose the event type it stands for' },
      { row: 3, column: 'What happened', columnLetter: 'C', field: 'summary', problem: '"What happened" must be shorter than or equal to 500 characters' },
      {
        row: 3,
        column: 'Details',
        columnLetter: 'D',
        field: 'detail',
        problem: '"Details" contains a control character or a bidirectional override (invisible characters that corrupt records); remove it',
      },
      { row: 3, column: 'Reason no action', columnLetter: 'F', field: 'noActionReason', problem: 'give either "Action" or "Reason no action", not both' },
      { row: 3, column: 'Significant?', columnLetter: 'H', field: 'significant', problem: '"maybe" is not yes or no' },
      {
        row: 3,
        column: 'Wellbeing',
        columnLetter: 'I',
        field: 'wellbeingIndicators',
        problem: '"happy" is not a wellbeing indicator; use safe, healthy, achieving, nurtured, active, respected, responsible, included',
      },
    ]);
  });

  it('says which required cells are empty', async () => {
    const [row] = await check(['', '', '   ', '', '']);
    expect(problemsOf(row)).toEqual([
      { row: 2, column: 'Date', columnLetter: 'A', field: 'eventDate', problem: '"Date" is empty, and every entry needs a date' },
      { row: 2, column: 'Event', columnLetter: 'B', field: 'eventType', problem: '"Event" is empty, and every entry needs an event type' },
      { row: 2, column: 'What happened', columnLetter: 'C', field: 'summary', problem: '"What happened" is empty, and every entry needs a summary' },
      { row: 2, column: 'Action', columnLetter: 'E', field: 'actionTaken', problem: '"Action" is required: record the action taken, or in "Reason no action" why none was taken' },
    ]);
  });

  it('applies the entry’s rules on dates: not in the future, not before 1900, an end not before the start', async () => {
    const rows = await check(
      ['22/05/2030', 'Home visit', 'Visit', '', 'Noted'],
      ['1899', 'Home visit', 'Visit', '', 'Noted'],
      ['22/05/2016', 'Home visit', 'Visit', '', 'Noted', '', '21/05/2016'],
    );
    expect(rows.map(problemsOf)).toEqual([
      [
        {
          row: 2,
          column: 'Date',
          columnLetter: 'A',
          field: 'eventDate',
          problem: '"Date" must not be in the future ("22/05/2030" was read as "2030-05-22")',
        },
      ],
      [
        {
          row: 3,
          column: 'Date',
          columnLetter: 'A',
          field: 'eventDate',
          problem: '"Date" must be from 1900-01-01 ("1899" was read as "1899-01-01")',
        },
      ],
      [{ row: 4, column: 'End date', columnLetter: 'G', field: 'eventEndDate', problem: '"End date" (2016-05-21) must not be before "Date" (2016-05-22)' }],
    ]);
  });

  it('reports a cell the spreadsheet could not give a value for', async () => {
    const [row] = await check([{ text: '', problem: 'holds a formula whose result was never saved' } as never, 'Home visit', 'Visit', '', 'Noted']);
    expect(problemsOf(row)).toEqual([{ row: 2, column: 'Date', columnLetter: 'A', field: 'eventDate', problem: 'the cell holds a formula whose result was never saved' }]);
  });

  it('refuses a mapping that cannot be used with the file, listing every problem', async () => {
    const mapping: ImportMapping = {
      columns: { Date: 'eventDate', Nope: 'summary', Details: 'summary', Event: 'colour' as never },
      eventTypes: { Visit: 'no-such-type' },
    };
    const refusal = checkRows(tableOf(HEADER, ['2016']), mapping, { taxonomy, today: TODAY });
    await expect(refusal).rejects.toBeInstanceOf(DomainError);
    await expect(refusal).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        { field: 'mapping.columns.Nope', problem: 'the file has no column called "Nope"' },
        { field: 'mapping.columns.Event', problem: expect.stringMatching(/^"colour" is not an entry field; use one of eventDate, /) },
        { field: 'mapping.columns', problem: 'columns "Nope" and "Details" are both mapped to the summary; map one column to each field' },
        { field: 'mapping.columns', problem: 'map a column to the event type: every entry has one' },
        { field: 'mapping.columns', problem: 'map a column to the action taken, or to the reason no action was taken: every entry records one' },
        { field: 'mapping.eventTypes.Visit', problem: '"no-such-type" is not an event type; see GET /api/event-types' },
      ],
    });
  });

  describe('accepts a row exactly when typing it in would be accepted', () => {
    const eventTypes = new Vocabularies();
    eventTypes.register('event-type', {
      unknown: async (codes) => codes.filter((code) => !taxonomy.some((type) => type.code === code)),
      problem: async (field, unknown) => `${field}: no such event type: ${unknown.join(', ')}`,
    });
    const pipe = createValidationPipe(eventTypes);
    const metadata: ArgumentMetadata = { type: 'body', metatype: EntryContentDto };
    const findEventType = (code: string) => taxonomy.find((type) => type.code === code);
    const typedIn = async (body: object): Promise<boolean> => {
      try {
        const dto = (await pipe.transform(body, metadata)) as EntryContentDto;
        checkAndNormaliseContent(contentFromDto(dto), findEventType);
        return true;
      } catch (error) {
        if (error instanceof DomainError) return false;
        throw error;
      }
    };
    const BASE = { eventDate: '2016-05-22', eventType: 'other', summary: 'Visit', actionTaken: 'Noted' };
    const cases: [string, string[], object][] = [
      ['a plain row', ['2016-05-22', 'other', 'Visit', '', 'Noted'], BASE],
      ['a 500-character summary', ['2016-05-22', 'other', 'x'.repeat(500), '', 'Noted'], { ...BASE, summary: 'x'.repeat(500) }],
      ['a 501-character summary', ['2016-05-22', 'other', 'x'.repeat(501), '', 'Noted'], { ...BASE, summary: 'x'.repeat(501) }],
      ['a zero-width summary', ['2016-05-22', 'other', '\u200b', '', 'Noted'], { ...BASE, summary: '\u200b' }],
      ['a bidirectional override', ['2016-05-22', 'other', 'Visit \u202e', '', 'Noted'], { ...BASE, summary: 'Visit \u202e' }],
      ['a tab and line breaks in detail', ['2016-05-22', 'other', 'Visit', 'a\tb\r\nc', 'Noted'], { ...BASE, detail: 'a\tb\r\nc' }],
      ['a NUL in detail', ['2016-05-22', 'other', 'Visit', 'a\u0000b', 'Noted'], { ...BASE, detail: 'a\u0000b' }],
      ['a date in the future', ['2030-05-22', 'other', 'Visit', '', 'Noted'], { ...BASE, eventDate: '2030-05-22' }],
      ['today', [TODAY, 'other', 'Visit', '', 'Noted'], { ...BASE, eventDate: TODAY }],
      ['no action and no reason', ['2016-05-22', 'other', 'Visit', '', ''], { ...BASE, actionTaken: undefined }],
      ['both action and reason', ['2016-05-22', 'other', 'Visit', '', 'Noted', 'None'], { ...BASE, noActionReason: 'None' }],
      ['an end before the start', ['2016-05-22', 'other', 'Visit', '', 'Noted', '', '2016-05-21'], { ...BASE, eventEndDate: '2016-05-21' }],
      ['a 200-character reference', ['2016-05-22', 'other', 'Visit', '', 'Noted', '', '', '', '', 'r'.repeat(200)], { ...BASE, sourceReference: 'r'.repeat(200) }],
      ['a 201-character reference', ['2016-05-22', 'other', 'Visit', '', 'Noted', '', '', '', '', 'r'.repeat(201)], { ...BASE, sourceReference: 'r'.repeat(201) }],
    ];

    it.each(cases)('%s', async (_name, cells, body) => {
      // The service's own "today" decides typed entries; the import is given the same.
      const [row] = await checkRows(tableOf(HEADER, cells), MAPPING, { taxonomy });
      expect(row.ok).toBe(await typedIn(body));
    });

    it('and each case above is decided both ways at least once', async () => {
      const decisions = await Promise.all(cases.map(([, , body]) => typedIn(body)));
      expect(new Set(decisions)).toEqual(new Set([true, false]));
    });
  });
});
