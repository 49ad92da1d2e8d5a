import * as iconv from 'iconv-lite';
import { DomainError } from '../common/domain-error';
import { ImportTable } from './import-table';

export interface DecodedText {
  text: string;
  encoding: NonNullable<ImportTable['encoding']>;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** The five bytes Windows-1252 leaves undefined: text that has them was written in some other encoding. */
const UNDEFINED_IN_WINDOWS_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Excel writes "CSV UTF-8" with a byte-order mark and plain "CSV" in Windows-1252. Text that is
 * valid UTF-8 is UTF-8 (a Windows-1252 file with any accented letter or £ almost never is); text
 * that is not is read as Windows-1252 when it can be; anything else is refused rather than guessed.
 */
export function decodeText(bytes: Buffer): DecodedText {
  if (bytes.subarray(0, 2).equals(Buffer.from([0xff, 0xfe])) || bytes.subarray(0, 2).equals(Buffer.from([0xfe, 0xff]))) {
    throw unknownEncoding('it is saved as "Unicode text" (UTF-16); save it as "CSV UTF-8 (comma delimited)" instead');
  }
  if (bytes.includes(0)) throw unknownEncoding('it holds binary data, not text; is it really a CSV file?');
  if (bytes.subarray(0, 3).equals(UTF8_BOM)) {
    const text = tryUtf8(bytes.subarray(3));
    if (text === null) throw unknownEncoding('it starts by saying it is UTF-8 but is not; save it again as "CSV UTF-8 (comma delimited)"');
    return { text, encoding: 'utf-8-bom' };
  }
  const text = tryUtf8(bytes);
  if (text !== null) return { text, encoding: 'utf-8' };
  if (bytes.some((byte) => UNDEFINED_IN_WINDOWS_1252.has(byte))) {
    throw unknownEncoding('its text is neither UTF-8 nor Windows-1252; save it as "CSV UTF-8 (comma delimited)"');
  }
  return { text: iconv.decode(bytes, 'windows-1252'), encoding: 'windows-1252' };
}

function tryUtf8(bytes: Buffer): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

function unknownEncoding(why: string): DomainError {
  return new DomainError('IMPORT_UNKNOWN_ENCODING', `The file's text could not be read: ${why}`);
}
