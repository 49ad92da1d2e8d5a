import type { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import { DomainError } from '../common/domain-error';
import { ImportLimits } from './import-limits';
import { unreadableFile } from './import-refusals';

/** Zip archives that are not Excel workbooks, named by a file only they hold. */
const OTHER_ARCHIVES: { part: string; what: string }[] = [
  { part: 'xl/workbook.bin', what: 'an Excel binary workbook (.xlsb); save it as .xlsx' },
  { part: 'word/document.xml', what: 'a Word document' },
  { part: 'ppt/presentation.xml', what: 'a PowerPoint presentation' },
  { part: 'content.xml', what: 'an OpenDocument file (.ods or .odt); save it as .xlsx' },
];
const WORKBOOK_PART = 'xl/workbook.xml';
/** Workbook XML never needs a document type; one can only be there to define entities that expand. */
const DOCUMENT_TYPE = /<!(doctype|entity)/i;
/** A cell element of worksheet XML, with or without a namespace prefix: <c r="A1">, <x:c>. */
const CELL = /<(?:\w+:)?c[\s>/]/g;
const WORKSHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;
const SCAN_OVERLAP = 16;

/**
 * Looks inside an XLSX before the spreadsheet reader does, because that reader unpacks every part
 * and holds every cell in memory: the archive's own directory is checked against the limits (how
 * many parts, how big unpacked, how tightly packed), then every part is unpacked once, counting the
 * bytes it really holds (a bomb can declare small sizes) and the worksheets' cells, and refusing
 * XML that declares a document type.
 */
export async function inspectXlsxArchive(bytes: Buffer, limits: ImportLimits): Promise<void> {
  const zip = await openArchive(bytes);
  try {
    if (zip.entryCount > limits.maxArchiveEntries) refuse(`it holds ${zip.entryCount} files; a workbook holds far fewer`);
    const entries = await listEntries(zip);
    checkDeclaredSizes(entries, limits);
    checkIsWorkbook(new Set(entries.map((entry) => entry.fileName)));
    let cells = 0;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      cells += await unpackCounting(zip, entry);
      if (cells > limits.maxCells) {
        throw new DomainError('IMPORT_TOO_MANY_CELLS', `The workbook holds more than ${limits.maxCells.toLocaleString('en-GB')} cells; import its chronology from a workbook of its own, or split it`);
      }
    }
  } finally {
    zip.close();
  }
}

async function openArchive(bytes: Buffer): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: false, decodeStrings: true, strictFileNames: false });
  } catch {
    throw unreadableFile('it is not a complete .xlsx workbook; it may be damaged or cut short');
  }
}

async function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  const entries: yauzl.Entry[] = [];
  try {
    for await (const entry of zip.eachEntry()) entries.push(entry);
  } catch {
    throw unreadableFile('the list of parts inside the workbook is damaged');
  }
  return entries;
}

function checkDeclaredSizes(entries: yauzl.Entry[], limits: ImportLimits): void {
  let unpacked = 0;
  for (const entry of entries) {
    if (entry.isEncrypted()) refuse('parts of it are encrypted; remove the password and save it again');
    unpacked += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize >= limits.ratioCheckedFromBytes && ratio > limits.maxCompressionRatio) {
      refuse(`its part ${entry.fileName} unpacks to ${Math.round(ratio)} times its packed size, which only a zip bomb does`);
    }
  }
  if (unpacked > limits.maxUnpackedBytes) refuse(`it unpacks to ${megabytes(unpacked)}, more than the ${megabytes(limits.maxUnpackedBytes)} allowed`);
}

function checkIsWorkbook(parts: Set<string>): void {
  if (parts.has(WORKBOOK_PART)) return;
  const other = OTHER_ARCHIVES.find(({ part }) => parts.has(part));
  throw new DomainError(
    'IMPORT_UNSUPPORTED_FORMAT',
    `Only CSV (.csv) and Excel (.xlsx) files can be imported: this is ${other ? other.what : 'a zip archive, not an Excel workbook'}`,
  );
}

/** Unpacks a part, checking what it really holds; the number of worksheet cells in it. */
async function unpackCounting(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<number> {
  let stream: Readable;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch {
    throw unreadableFile(`its part ${entry.fileName} is damaged`);
  }
  const scanned = entry.fileName.endsWith('.xml') || entry.fileName.endsWith('.rels');
  const isWorksheet = WORKSHEET_PART.test(entry.fileName);
  let count = 0;
  let cells = 0;
  let tail = '';
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      count += chunk.length;
      if (count > entry.uncompressedSize) refuse(`its part ${entry.fileName} holds more than the size it declares, which only a zip bomb does`);
      if (scanned) {
        const text = tail + chunk.toString('latin1');
        if (DOCUMENT_TYPE.test(text)) refuse(`its part ${entry.fileName} declares an XML document type, which a workbook never needs`);
        if (isWorksheet) cells += cellsEndingAfter(text, tail.length);
        tail = text.slice(-SCAN_OVERLAP);
      }
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw unreadableFile(`its part ${entry.fileName} is damaged`);
  } finally {
    stream.destroy();
  }
  if (count !== entry.uncompressedSize) throw unreadableFile(`its part ${entry.fileName} is damaged or cut short`);
  return cells;
}

/** Cell elements in the text that were not already whole in the carried-over tail of the last chunk. */
function cellsEndingAfter(text: string, carried: number): number {
  let cells = 0;
  for (const match of text.matchAll(CELL)) if (match.index + match[0].length > carried) cells += 1;
  return cells;
}

function refuse(why: string): never {
  throw new DomainError('IMPORT_ARCHIVE_REFUSED', `The workbook was not opened: ${why}`);
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
