import PDFDocument from 'pdfkit';
import { fonts } from './typesetter';

/** What differs between Chronicle's PDFs: the page's orientation and margin, and the document's info. */
export interface PdfSetup {
  layout: 'portrait' | 'landscape';
  margin: number;
  title: string;
  author: string;
  subject: string;
  keywords: string;
  /** The document's own time, which becomes its creation and modification dates. */
  producedAt: Date;
}

/**
 * Makes an A4 pdfkit document with Chronicle's font, lets `draw` lay it out, and returns its bytes
 * and page count. The same setup and drawing always give the same bytes.
 */
export async function printPdf(setup: PdfSetup, draw: (doc: PDFKit.PDFDocument) => void): Promise<{ pdf: Buffer; pages: number }> {
  const { margin } = setup;
  const doc = new PDFDocument({
    size: 'A4',
    layout: setup.layout,
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    bufferPages: true,
    autoFirstPage: false,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: setup.title,
      Author: setup.author,
      Subject: setup.subject,
      Keywords: setup.keywords,
      Creator: 'Chronicle',
      // Fixed dates make the bytes (and pdfkit's /ID, a hash of this info) depend on the document only.
      CreationDate: setup.producedAt,
      ModDate: setup.producedAt,
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
  draw(doc);
  const pages = doc.bufferedPageRange().count;
  doc.end();
  return { pdf: await bytes, pages };
}
