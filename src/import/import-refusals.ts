import { DomainError } from '../common/domain-error';
import { ImportLimits } from './import-limits';

/** The refusals more than one reader gives, worded once. */
export function tooManyRows(limits: ImportLimits): DomainError {
  return new DomainError(
    'IMPORT_TOO_MANY_ROWS',
    `The file has more than ${limits.maxRows.toLocaleString('en-GB')} rows; split it into smaller files and import each`,
  );
}

export function unreadableFile(problem: string): DomainError {
  return new DomainError('IMPORT_UNREADABLE_FILE', `The file could not be read: ${problem}`);
}

export function tooManyColumns(width: number, limits: ImportLimits): DomainError {
  return new DomainError('IMPORT_TOO_MANY_COLUMNS', `The file has ${width} columns; at most ${limits.maxColumns} can be imported`);
}

export function fileTooLarge(limits: Pick<ImportLimits, 'maxFileBytes'>): DomainError {
  return new DomainError('IMPORT_FILE_TOO_LARGE', `The file is larger than the ${(limits.maxFileBytes / (1024 * 1024)).toFixed(0)} MB that can be imported at once; split it into smaller files`);
}
