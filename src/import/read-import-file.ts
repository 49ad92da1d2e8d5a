import { createHash } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import { readCsv } from './csv-reader';
import { importFormatOf, UploadedFile } from './file-format';
import { ImportLimits } from './import-limits';
import { fileTooLarge } from './import-refusals';
import { ImportTable } from './import-table';
import { readXlsx } from './xlsx-reader';

export interface UploadedTable extends ImportTable {
  /** SHA-256 of the uploaded bytes, hex: what is kept of the file, so importing it again can be recognised. */
  sha256: string;
}

/**
 * An uploaded chronology read into a table, in memory; nothing of it is written anywhere. Every
 * refusal is a DomainError with its own IMPORT_* code, before any row is looked at.
 */
export async function readImportFile(file: UploadedFile, limits: ImportLimits, options: { worksheet?: string } = {}): Promise<UploadedTable> {
  if (file.bytes.length > limits.maxFileBytes) throw fileTooLarge(limits);
  if (file.bytes.length === 0) throw new DomainError('IMPORT_EMPTY_FILE', 'The file is empty: there is nothing to import');
  const table = importFormatOf(file) === 'xlsx' ? await readXlsx(file.bytes, limits, options.worksheet) : readCsv(file.bytes, limits);
  return { ...table, sha256: createHash('sha256').update(file.bytes).digest('hex') };
}
