import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { IMPORT_FILE_FIELD, UPLOAD_OPTIONS, uploadRefusal, UploadRefusalKind } from '../../import/import-file.interceptor';
import { UNSIZED_BODY_LIMIT_BYTES } from '../../common/body-limits';
import { isApiPath } from '../../common/request-paths';

/** The one page form that sends a file: the chronology upload (multipart/form-data). */
const UPLOAD_PAGE = /^\/child\/[^/]+\/import$/;

/** What the upload page's handler learns from the body parser besides the file (`req.file`): why it could not be read. */
export interface PageUpload {
  uploadRefused?: UploadRefusalKind;
}

/**
 * Web page forms post urlencoded bodies; the API takes JSON only and the development identity
 * provider parses its own. The upload page's multipart body is read here, before the guards, so
 * its `_csrf` field is checked like any form's (the form puts it before the file); a file over the
 * size limit, or a body that is not a well-formed upload, stops the reading and is reported by the
 * page, with the fields read so far. A signed-in session's form may carry `signedIn`: the bytes the
 * largest form may legitimately take (bodyLimitBytes in common/body-limits.ts), and the most fields
 * any form has (the import check's, a pair for each column and event word and a box for each
 * repeated row). Anyone else's is read only up to an unsized body and 100 fields: a visitor has no
 * form of any size to send. A body over its limit is refused with a page, before it is held in memory.
 */
export function pageFormBodies(maxFileBytes: number, signedIn: { bytes: number; fields: number }): RequestHandler {
  const parseSignedInForm = express.urlencoded({ extended: false, limit: signedIn.bytes, parameterLimit: signedIn.fields });
  const parseVisitorForm = express.urlencoded({ extended: false, limit: UNSIZED_BODY_LIMIT_BYTES, parameterLimit: 100 });
  // More than a visitor may send is not read at all: the page then asks them to sign in, as it would anyone not signed in (a
  // session that ended while a long entry was typed, say), rather than calling the text too long.
  const visitorForm: RequestHandler = (req, res, next) => (Number(req.headers['content-length'] ?? 0) > UNSIZED_BODY_LIMIT_BYTES ? next() : parseVisitorForm(req, res, next));
  const parseUpload = multer(UPLOAD_OPTIONS(maxFileBytes)).single(IMPORT_FILE_FIELD);
  return (req: Request, res: Response, next: NextFunction) => {
    if (isApiPath(req.path)) return next();
    if (req.method === 'POST' && UPLOAD_PAGE.test(req.path) && req.is('multipart/form-data')) {
      return parseUpload(req, res, (error: unknown) => {
        // A body that cannot be read is the form's problem, not the server's: the page says so (once the token read so far is checked).
        // The reasons are the API's (uploadRefusal); an error that is none of them (the connection lost) is a body that did not arrive whole.
        if (error) (req as Request & PageUpload).uploadRefused = uploadRefusal(error, maxFileBytes)?.kind ?? 'malformed';
        next();
      });
    }
    (req.session?.identity ? parseSignedInForm : visitorForm)(req, res, next);
  };
}
