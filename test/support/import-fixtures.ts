import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventType, parseEventTaxonomy } from '../../src/chronology/event-taxonomy.service';
import { ImportCell, ImportTable } from '../../src/import/import-table';
import { columnLetter } from '../../src/import/table-builder';

/** Fixture files and tables for the import specs. */
export const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'import');

export function fixture(name: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, name));
}

export function shippedTaxonomy(): EventType[] {
  const file = path.resolve(__dirname, '..', '..', 'config', 'event-types.json');
  return parseEventTaxonomy(JSON.parse(fs.readFileSync(file, 'utf8')), file);
}

/** A table as a CSV reader would give it: row 1 names the columns, data rows from row 2. */
export function tableOf(header: string[], ...rows: (string | ImportCell)[][]): ImportTable {
  return {
    format: 'csv',
    encoding: 'utf-8',
    worksheet: null,
    worksheets: [],
    columns: header.map((name, index) => ({ index, letter: columnLetter(index), name })),
    rows: rows.map((cells, index) => ({
      rowNumber: index + 2,
      cells: header.map((_, column) => {
        const cell = cells[column] ?? '';
        return typeof cell === 'string' ? { text: cell } : cell;
      }),
    })),
  };
}
