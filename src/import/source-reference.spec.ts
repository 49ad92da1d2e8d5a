import type { CheckedRow } from './row-check';
import { cleanFileName, withSourceReference } from './source-reference';

type ReadyRow = Extract<CheckedRow, { ok: true }>;

const row = (sourceReference: string | null, rowNumber = 12): ReadyRow => ({ rowNumber, ok: true, entry: {} as ReadyRow['entry'], content: { sourceReference } as ReadyRow['content'] });

describe('withSourceReference', () => {
  it('names the file and row, after the row\'s own reference when it has one', () => {
    expect(withSourceReference(row(null), 'chronology.xlsx')).toMatchObject({ ok: true, content: { sourceReference: 'chronology.xlsx, row 12' } });
    expect(withSourceReference(row('SW-1042'), 'chronology.xlsx')).toMatchObject({ ok: true, content: { sourceReference: 'SW-1042 (chronology.xlsx, row 12)' } });
  });

  it('shortens a long file name to keep within the entry\'s 200 characters', () => {
    const referenced = withSourceReference(row('R'.repeat(100)), `${'long name '.repeat(20)}.csv`);
    expect(referenced.ok && referenced.content.sourceReference).toMatch(/^R{100} \(long name .*…, row 12\)$/);
    expect(referenced.ok && referenced.content.sourceReference!.length).toBe(200);
  });

  it('is a problem on the row when its own reference leaves no room for the file and row', () => {
    expect(withSourceReference(row('R'.repeat(190)), 'chronology-of-the-north.xlsx')).toEqual({
      rowNumber: 12,
      ok: false,
      problems: [{ row: 12, column: null, columnLetter: null, field: 'sourceReference', problem: expect.stringContaining('too long to add the file') }],
    });
  });
});

describe('cleanFileName', () => {
  it('keeps the last part of a path, without control or direction characters', () => {
    expect(cleanFileName('C:\\Users\\me\\Zoë chronology.xlsx')).toBe('Zoë chronology.xlsx');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('evil\u202egpj.csv')).toBe('evilgpj.csv');
    expect(cleanFileName('\u0000')).toBe('upload');
    expect(cleanFileName('a'.repeat(300))).toHaveLength(120);
  });
});
