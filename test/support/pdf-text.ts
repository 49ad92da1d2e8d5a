import { PDFParse } from 'pdf-parse';

/** The text of each page of a PDF, as pdf.js extracts it. */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  // pdf.js may take over the buffer it is given; hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).pages.map((page) => page.text);
  } finally {
    await parser.destroy();
  }
}
