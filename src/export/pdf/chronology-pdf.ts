import PDFDocument from 'pdfkit';
import { ChronologyDocument } from './chronology-document';
import { ChronologyLayout } from './chronology-layout';
import { MARGIN } from './theme';
import { fonts } from './typesetter';
import { formatUkTime, parseProducedAt } from './uk-time';

/**
 * How a PDF is drawn: this file makes the pdfkit document and hands it to the layout
 * (chronology-layout.ts: where everything goes, page by page; table-rows.ts: a row's text wrapped
 * and measured), which draws with the theme's geometry, colours and type styles (theme.ts) through
 * the typesetter (typesetter.ts: the font, measuring, wrapping and drawing lines).
 */

/** Renders a chronology to PDF bytes, with its page count. The same document always gives the same bytes. */
export async function renderChronologyPdf(document: ChronologyDocument): Promise<{ pdf: Buffer; pages: number }> {
  const producedAt = parseProducedAt(document.producedAt);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    autoFirstPage: false,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: `${document.title}: ${document.child.name}`,
      Author: `${document.producedBy.name}, ${document.producedBy.role}, ${document.producedBy.agency}`,
      Subject: `${document.protectiveMarking}. ${document.purpose}`,
      Keywords: `${document.protectiveMarking}; export ${document.exportId}`,
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

  new ChronologyLayout(doc, document, formatUkTime(producedAt)).render();
  const pages = doc.bufferedPageRange().count;
  doc.end();
  return { pdf: await bytes, pages };
}
