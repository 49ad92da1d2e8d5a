/**
 * A document that reads as a letter: headings, paragraphs, bulleted lists and short labelled
 * records, one after another down an A4 portrait page. What it says is decided elsewhere (a
 * subject access pack: src/subject-access/pack-letter.ts); the layout (letter-layout.ts) only
 * sets it. Plain data, so it can be handed to the render thread.
 */
export interface LetterDocument {
  layout: 'letter';
  /** Printed in every footer and the PDF's keywords: the record the document can be traced to. */
  documentId: string;
  protectiveMarking: string;
  title: string;
  /** For the PDF's metadata. */
  author: string;
  subject: string;
  /** ISO timestamp: the PDF's dates, so the same document always gives the same bytes. */
  producedAt: string;
  /** The footer's first line, e.g. whom the copy is for. */
  footer: string;
  blocks: LetterBlock[];
}

export type LetterBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; emphasis?: boolean }
  | { kind: 'bullets'; items: string[] }
  /** One record (an entry of the chronology): a heading line and labelled lines, kept together where they fit. */
  | { kind: 'record'; heading: string; lines: { label: string; text: string }[]; note?: string };
