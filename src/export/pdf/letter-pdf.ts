import type { LetterDocument } from './letter-document';
import { LETTER_MARGIN, LetterLayout } from './letter-layout';
import { printPdf } from './pdf-document';
import { parseProducedAt } from './uk-time';

/** Renders a letter document to PDF bytes, with its page count. The same document always gives the same bytes. */
export function renderLetterPdf(document: LetterDocument): Promise<{ pdf: Buffer; pages: number }> {
  const producedAt = parseProducedAt(document.producedAt);
  return printPdf(
    {
      layout: 'portrait',
      margin: LETTER_MARGIN,
      title: document.title,
      author: document.author,
      subject: `${document.protectiveMarking}. ${document.subject}`,
      keywords: `${document.protectiveMarking}; ${document.documentId}`,
      producedAt,
    },
    (doc) => new LetterLayout(doc, document).render(),
  );
}
