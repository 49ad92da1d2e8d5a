/**
 * How much an uploaded chronology may hold. Plain data, so the configuration layer can fill it from
 * the environment; every limit is refused with its own error code before the file is read further.
 */
export interface ImportLimits {
  /** The uploaded file's size. */
  maxFileBytes: number;
  /** Data rows (blank rows not counted, the header row not counted). */
  maxRows: number;
  /** Columns of the header row or of any data row. */
  maxColumns: number;
  /**
   * Cells in all the worksheets of an XLSX together, counted before the spreadsheet reader holds
   * them all in memory (about 180 bytes each): a few megabytes of packed cells are millions of them.
   */
  maxCells: number;
  /** Files inside an XLSX (which is a zip archive). */
  maxArchiveEntries: number;
  /** All files inside an XLSX together, unpacked: what the spreadsheet reader will hold in memory. */
  maxUnpackedBytes: number;
  /** Unpacked size over packed size, for a file inside an XLSX larger than `ratioCheckedFromBytes`. */
  maxCompressionRatio: number;
  /** Small parts compress oddly and harmlessly; the ratio only matters for the large ones. */
  ratioCheckedFromBytes: number;
}

/** The most names a mapping's columns or event words may hold (a file's words for its events, each mapped to an event type). */
export const MAX_MAPPED_NAMES = 500;

const MIB = 1024 * 1024;

/**
 * A 10,000-row workbook with a paragraph of detail in each row is about 0.5 MB packed and 8 MB
 * unpacked (sheet XML compresses about 10:1, shared strings about 40:1), and reading it takes about
 * 80 MB of heap; these defaults leave room for ten times the text and refuse what only an attack needs.
 */
export const DEFAULT_IMPORT_LIMITS: Readonly<ImportLimits> = Object.freeze({
  maxFileBytes: 5 * MIB,
  maxRows: 10_000,
  maxColumns: 100,
  maxCells: 300_000,
  maxArchiveEntries: 1_000,
  maxUnpackedBytes: 50 * MIB,
  maxCompressionRatio: 100,
  ratioCheckedFromBytes: 1 * MIB,
});
