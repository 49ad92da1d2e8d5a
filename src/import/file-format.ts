import { DomainError } from '../common/domain-error';
import { unreadableFile } from './import-refusals';
import { ImportFormat } from './import-table';

/** An uploaded file as the endpoint receives it. */
export interface UploadedFile {
  bytes: Buffer;
  /** The name the browser sent; only its extension is used, to tell a CSV from other text. */
  fileName: string;
  /** The Content-Type the browser sent for the file, if any. */
  mediaType?: string;
}

const ZIP = Buffer.from('PK\x03\x04', 'latin1');
const EMPTY_ZIP = Buffer.from('PK\x05\x06', 'latin1');

/** Files people upload by mistake, named by their first bytes so the refusal can say what they are. */
const RECOGNISED_BINARIES: { signature: Buffer; what: string }[] = [
  { signature: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), what: 'an Excel 97-2003 workbook (.xls), a Word document (.doc) or a password-protected workbook' },
  { signature: Buffer.from('%PDF-', 'latin1'), what: 'a PDF document' },
  { signature: Buffer.from([0x89, 0x50, 0x4e, 0x47]), what: 'a PNG image' },
  { signature: Buffer.from([0xff, 0xd8, 0xff]), what: 'a JPEG image' },
  { signature: Buffer.from('GIF8', 'latin1'), what: 'a GIF image' },
];

const TEXT_EXTENSIONS = new Set(['csv', 'txt', 'tsv']);
const WORKBOOK_EXTENSIONS = new Set(['xlsx', 'xlsm']);
/** Browsers on Windows send application/vnd.ms-excel for a .csv when Excel is installed. */
const CSV_MEDIA_TYPES = new Set(['text/csv', 'text/plain', 'application/csv', 'text/tab-separated-values', 'application/vnd.ms-excel']);

/** What the file is, by its bytes first: a name or media type can be wrong, a zip signature cannot. */
export function importFormatOf(file: UploadedFile): ImportFormat {
  const { bytes } = file;
  if (startsWith(bytes, ZIP) || startsWith(bytes, EMPTY_ZIP)) return 'xlsx';
  const binary = RECOGNISED_BINARIES.find(({ signature }) => startsWith(bytes, signature));
  if (binary) throw unsupported(`this looks like ${binary.what}`);
  const extension = extensionOf(file.fileName);
  if (WORKBOOK_EXTENSIONS.has(extension)) throw unreadableFile('it is named .xlsx but is not a workbook; it may be damaged or cut short');
  const mediaType = file.mediaType?.split(';')[0].trim().toLowerCase();
  if (TEXT_EXTENSIONS.has(extension) || (extension === '' && mediaType !== undefined && CSV_MEDIA_TYPES.has(mediaType))) return 'csv';
  throw unsupported(extension === '' ? 'the file has no extension to say what it is' : `files ending .${extension} are not read`);
}

function unsupported(why: string): DomainError {
  return new DomainError('IMPORT_UNSUPPORTED_FORMAT', `Only CSV (.csv) and Excel (.xlsx) files can be imported: ${why}`);
}

function startsWith(bytes: Buffer, signature: Buffer): boolean {
  return bytes.length >= signature.length && bytes.subarray(0, signature.length).equals(signature);
}

function extensionOf(fileName: string): string {
  const match = /\.([a-z0-9]{1,8})$/i.exec(fileName.trim());
  return match ? match[1].toLowerCase() : '';
}
