import { ChronologyDocument } from './chronology-document';
import { ChronologyLayout } from './chronology-layout';
import { MARGIN } from './theme';
import { printPdf } from './pdf-document';
import { formatUkTime, parseProducedAt } from './uk-time';

/**
 * How a PDF is drawn: pdf-document.ts makes the pdfkit document (A4, the font, fixed dates), this
 * file gives it the chronology's orientation and info and hands it to the layout
 * (chronology-layout.ts: where everything goes, page by page; table-rows.ts: a row's text wrapped
 * and measured), which draws with the theme's geometry, colours and type styles (theme.ts) through
 * the typesetter (typesetter.ts: the font, measuring, wrapping and drawing lines).
 */

/** Renders a chronology to PDF bytes, with its page count. The same document always gives the same bytes. */
export function renderChronologyPdf(document: ChronologyDocument): Promise<{ pdf: Buffer; pages: number }> {
  const producedAt = parseProducedAt(document.producedAt);
  return printPdf(
    {
      layout: 'landscape',
      margin: MARGIN,
      title: `${document.title}: ${document.child.name}`,
      author: `${document.producedBy.name}, ${document.producedBy.role}, ${document.producedBy.agency}`,
      subject: `${document.protectiveMarking}. ${document.purpose}`,
      keywords: `${document.protectiveMarking}; export ${document.exportId}`,
      producedAt,
    },
    (doc) => new ChronologyLayout(doc, document, formatUkTime(producedAt)).render(),
  );
}
