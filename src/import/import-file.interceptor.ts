import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { DomainError, ErrorDetail } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { fileTooLarge } from './import-refusals';

/** The multipart field the file is sent in. */
export const IMPORT_FILE_FIELD = 'file';

/** API paths that take a multipart/form-data upload instead of JSON. */
const FILE_UPLOAD_PATH = /^\/api\/children\/[^/]+\/imports$/;

export function isFileUploadPath(path: string): boolean {
  return FILE_UPLOAD_PATH.test(path);
}

/**
 * How multer reads an upload, for the API route and the web page alike: one file of at most the
 * configured size and a few short fields; browsers send a file's name as UTF-8 bytes, not Latin-1.
 */
const UPLOAD_LIMITS = { files: 1, fields: 10, fieldSize: 4096, parts: 12 };
export const UPLOAD_OPTIONS = (maxFileBytes: number) => ({ limits: { fileSize: maxFileBytes, ...UPLOAD_LIMITS }, defParamCharset: 'utf8' });

/** The file part multer hands over (held in memory: it is at most the configured size). */
export interface MultipartFile {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
  size: number;
}

/**
 * Reads one file from a multipart/form-data upload with multer, stopping at the configured size:
 * a larger file is refused with the import's own code, read no further. Other fields are few and
 * short. multer is run directly rather than through NestJS's FileInterceptor, which turns its
 * errors into a bare 400 and loses which field was wrong; here each becomes a refusal in words
 * (`uploadRefusal`), as on the web page's upload form.
 */
@Injectable()
export class ImportFileInterceptor implements NestInterceptor {
  private readonly parse: RequestHandler;
  private readonly maxFileBytes: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxFileBytes = config.import.maxFileBytes;
    this.parse = multer(UPLOAD_OPTIONS(this.maxFileBytes)).single(IMPORT_FILE_FIELD);
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    await new Promise<void>((resolve, reject) =>
      this.parse(http.getRequest<Request>(), http.getResponse<Response>(), (error: unknown) => (error ? reject(uploadRefusal(error, this.maxFileBytes)?.error ?? error) : resolve())),
    );
    return next.handle();
  }
}

export const SEND_THE_FILE = 'Send the file as multipart/form-data, in a field named "file"';

/** busboy's errors for a body that is not the multipart/form-data its Content-Type says (busboy gives them no code). */
const MALFORMED_MULTIPART = new Set(['Multipart: Boundary not found', 'Malformed content type', 'Malformed part header', 'Unexpected end of form', 'Unexpected end of file']);

/** What was wrong with an upload that could not be read: the web page words each in its own way. */
export type UploadRefusalKind = 'too-large' | 'several-files' | 'malformed' | 'wrong-fields';

/**
 * What multer's or busboy's error says is wrong with an upload, as a refusal in plain words; null
 * for an error that is not the upload's (the client going away, a fault), left as it is.
 */
export function uploadRefusal(error: unknown, maxFileBytes: number): { kind: UploadRefusalKind; error: DomainError } | null {
  const wrongFields = (detail: ErrorDetail, message = SEND_THE_FILE) => ({ kind: 'wrong-fields' as const, error: new DomainError('VALIDATION_FAILED', message, [detail]) });
  if (error instanceof multer.MulterError) {
    const field = error.field?.slice(0, 100);
    // As a string: multer 2 has codes its type declarations do not list yet.
    switch (error.code as string) {
      case 'LIMIT_FILE_SIZE':
        return { kind: 'too-large', error: fileTooLarge({ maxFileBytes }) };
      case 'LIMIT_UNEXPECTED_FILE':
        return field === IMPORT_FILE_FIELD
          ? severalFiles()
          : wrongFields({ field: IMPORT_FILE_FIELD, problem: `no file came in the field named "file": a file came in a field named "${field ?? ''}"; send it in "file"` });
      case 'LIMIT_FILE_COUNT':
        return severalFiles();
      case 'LIMIT_PART_COUNT':
      case 'LIMIT_FIELD_COUNT':
        return wrongFields({ problem: 'the upload has too many fields: send the file in the field named "file" and, for a workbook, the worksheet\'s name in "worksheet"' });
      case 'LIMIT_FIELD_VALUE':
        return wrongFields({ field, problem: `${field ?? 'a field'} is longer than ${UPLOAD_LIMITS.fieldSize} bytes` }, 'The request is not valid');
      case 'LIMIT_FIELD_KEY':
      case 'MISSING_FIELD_NAME':
        return wrongFields({ problem: 'a part of the upload has no name, or a name longer than 100 characters: send the file in the field named "file"' });
      case 'LIMIT_FIELD_NESTING':
      case 'LIMIT_FIELD_ARRAY_INDEX':
      case 'INVALID_FIELD_NAME':
        return wrongFields({ field, problem: `${field ?? 'a field'} is not a field of this request` }, 'The request is not valid');
      default:
        return null;
    }
  }
  if (error instanceof Error && MALFORMED_MULTIPART.has(error.message)) return malformedUpload();
  return null;
}

/** A body that is not the multipart/form-data upload its Content-Type says: cut short, or garbled. */
function malformedUpload(): { kind: UploadRefusalKind; error: DomainError } {
  const problem = 'the body is not a well-formed multipart/form-data upload: it is cut short, or not laid out as its Content-Type header says';
  return { kind: 'malformed', error: new DomainError('VALIDATION_FAILED', `The upload could not be read. ${SEND_THE_FILE}`, [{ field: IMPORT_FILE_FIELD, problem }]) };
}

function severalFiles(): { kind: UploadRefusalKind; error: DomainError } {
  return { kind: 'several-files', error: new DomainError('VALIDATION_FAILED', SEND_THE_FILE, [{ field: IMPORT_FILE_FIELD, problem: 'send one file at a time: the upload holds more than one file' }]) };
}

/** The uploaded file, or a refusal saying how to send it. */
export function requireFile(file: MultipartFile | undefined): MultipartFile {
  if (!file) throw new DomainError('VALIDATION_FAILED', SEND_THE_FILE, [{ field: IMPORT_FILE_FIELD, problem: 'choose a CSV or Excel file' }]);
  return file;
}
