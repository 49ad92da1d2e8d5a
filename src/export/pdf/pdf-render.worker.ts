import { parentPort } from 'node:worker_threads';
import type { ChronologyDocument } from './chronology-document';
import { renderChronologyPdf } from './chronology-pdf';
import type { LetterDocument } from './letter-document';
import { renderLetterPdf } from './letter-pdf';

/** A printed chronology (the table) or a letter (a subject access pack): the same thread renders both. */
export type RenderableDocument = ChronologyDocument | LetterDocument;

export interface RenderJob {
  id: number;
  document: RenderableDocument;
}

export type RenderOutcome = { id: number; pdf: ArrayBuffer; pages: number } | { id: number; error: string };

// One document at a time: the pool sends the next when this one is answered.
parentPort!.on('message', ({ id, document }: RenderJob) => {
  (isLetter(document) ? renderLetterPdf(document) : renderChronologyPdf(document)).then(
    ({ pdf, pages }) => {
      // The bytes move to the server's thread rather than being copied.
      const bytes = pdf.buffer.byteLength === pdf.length ? (pdf.buffer as ArrayBuffer) : new Uint8Array(pdf).buffer;
      parentPort!.postMessage({ id, pdf: bytes, pages } satisfies RenderOutcome, [bytes]);
    },
    (error: unknown) => parentPort!.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies RenderOutcome),
  );
});

function isLetter(document: RenderableDocument): document is LetterDocument {
  return 'layout' in document && document.layout === 'letter';
}
