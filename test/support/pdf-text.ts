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

/** A PDF's first page as a PNG, drawn by pdf.js, for a person to look at. */
export async function pdfFirstPagePng(pdf: Buffer, desiredWidth = 800): Promise<Buffer> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const [page] = (await parser.getScreenshot({ first: 1, desiredWidth, imageBuffer: true, imageDataUrl: false })).pages;
    return Buffer.from(page.data);
  } finally {
    await parser.destroy();
  }
}
