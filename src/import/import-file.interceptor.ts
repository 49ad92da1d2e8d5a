import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { DomainError } from '../common/domain-error';
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
export const UPLOAD_OPTIONS = (maxFileBytes: number) => ({ limits: { fileSize: maxFileBytes, files: 1, fields: 10, fieldSize: 4096, parts: 12 }, defParamCharset: 'utf8' });

/** The file part multer hands over (held in memory: it is at most the configured size). */
export interface MultipartFile {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
  size: number;
}

/**
 * Reads one file from a multipart/form-data upload with multer (through NestJS's FileInterceptor),
 * stopping at the configured size: a larger file is refused with the import's own code, read no
 * further. Other fields are few and short.
 */
@Injectable()
export class ImportFileInterceptor implements NestInterceptor {
  private readonly inner: NestInterceptor;
  private readonly maxFileBytes: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxFileBytes = config.import.maxFileBytes;
    const Inner = FileInterceptor(IMPORT_FILE_FIELD, UPLOAD_OPTIONS(this.maxFileBytes));
    this.inner = new Inner();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.inner.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) throw fileTooLarge({ maxFileBytes: this.maxFileBytes });
      throw error;
    }
  }
}

/** The uploaded file, or a refusal saying how to send it. */
export function requireFile(file: MultipartFile | undefined): MultipartFile {
  if (!file) throw new DomainError('VALIDATION_FAILED', 'Send the file as multipart/form-data, in a field named "file"', [{ field: IMPORT_FILE_FIELD, problem: 'choose a CSV or Excel file' }]);
  return file;
}
