import PDFDocument from 'pdfkit';
import type { LetterDocument } from './letter-document';
import { LETTER_MARGIN, LetterLayout } from './letter-layout';
import { fonts } from './typesetter';
import { parseProducedAt } from './uk-time';

/** Renders a letter document to PDF bytes, with its page count. The same document always gives the same bytes. */
export async function renderLetterPdf(document: LetterDocument): Promise<{ pdf: Buffer; pages: number }> {
  const producedAt = parseProducedAt(document.producedAt);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'portrait',
    margins: { top: LETTER_MARGIN, bottom: LETTER_MARGIN, left: LETTER_MARGIN, right: LETTER_MARGIN },
    bufferPages: true,
    autoFirstPage: false,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: document.title,
      Author: document.author,
      Subject: `${document.protectiveMarking}. ${document.subject}`,
      Keywords: `${document.protectiveMarking}; ${document.documentId}`,
      Creator: 'Chronicle',
      // Fixed dates make the bytes (and pdfkit's /ID, a hash of this info) depend on the document only.
      CreationDate: producedAt,
      ModDate: producedAt,
    },
  });
  // pdfkit's types lag behind its API, which accepts a parsed fontkit font since 0.20.
  for (const [name, font] of Object.entries(fonts())) doc.registerFont(name, font as unknown as PDFKit.Mixins.PDFFontSource);
  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  new LetterLayout(doc, document).render();
  const pages = doc.bufferedPageRange().count;
  doc.end();
  return { pdf: await bytes, pages };
}
