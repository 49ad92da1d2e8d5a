import { createHash } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import { ChronologyDocument, ChronologyRow } from './chronology-document';
import { renderChronologyPdf } from './chronology-pdf';

const EXPORT_ID = '3f0c2a4e-9b7d-4c1e-8a55-2d6f1b9e7c30';
const MARKING = 'OFFICIAL-SENSITIVE';
const PRODUCED_FOR = 'Panel members, Children’s Hearing 2 Dec 2026';
const HEADINGS = ['Date', 'Event type', 'Source', 'What happened', 'Impact on the child', 'Action / outcome'];

function row(overrides: Partial<ChronologyRow> = {}): ChronologyRow {
  return {
    kind: 'entry',
    date: '4 Mar 2025',
    time: null,
    eventType: { text: 'Health assessment' },
    source: { agency: 'NHS Lanarkshire', author: 'Helen Hughes', role: 'Health visitor' },
    summary: { text: 'Home visit. Isla weighed and measured; growth steady on the 50th centile.' },
    impact: { text: 'Positive: Isla is thriving physically.' },
    actionOutcome: { text: 'Next contact offered in three months.' },
    significant: false,
    notes: [],
    ...overrides,
  };
}

function chronology(overrides: Partial<ChronologyDocument> = {}): ChronologyDocument {
  return {
    exportId: EXPORT_ID,
    protectiveMarking: MARKING,
    title: 'Multi-agency chronology',
    child: { name: 'Isla Brennan', dateOfBirth: '14 Feb 2024', identifiers: ['CHI 1402241234', 'SCRA ref. 2026/004417'] },
    period: '1 Jan 2024 to 23 Nov 2026',
    filters: ['Agencies: Police Scotland, NHS Lanarkshire', 'Significant events only'],
    audience: { label: 'Children’s Hearing panel', description: 'Addresses and third parties’ health details are left out' },
    purpose: 'Children’s Hearing on 2 Dec 2026',
    producedBy: { name: 'Morag MacLeod', role: 'Social worker', agency: 'South Lanarkshire Council' },
    producedFor: PRODUCED_FOR,
    producedAt: '2026-11-23T14:05:00Z',
    rows: [row()],
    withheldSummary: [],
    withheldKey: { label: 'Withheld', explanation: 'not shared with this audience: the notice says who holds it and whom to ask' },
    statement: null,
    lawfulBasis: 'UK GDPR Art. 6(1)(e) public task',
    ...overrides,
  };
}

/** `count` rows each naming itself ("Entry 007 …") so order and page placement can be checked. */
function numberedRows(count: number, overrides: (i: number) => Partial<ChronologyRow> = () => ({})): ChronologyRow[] {
  return Array.from({ length: count }, (_, i) =>
    row({
      summary: { text: `${label(i)} Home visit. Isla weighed and measured; growth steady on the 50th centile. Mother says sleep is more settled.` },
      ...overrides(i),
    }),
  );
}

/** The bytes alone, for the tests that look at the text. */
const render = async (document: ChronologyDocument): Promise<Buffer> => (await renderChronologyPdf(document)).pdf;

const label = (i: number): string => `Entry ${String(i).padStart(3, '0')}`;

const LONG_PARAGRAPH =
  'Joint home visit by social worker and health visitor following the second police concern report in a month. ' +
  'The flat was cold and there was little food in the cupboards; mother said her benefits had been sanctioned. ' +
  'Isla was dressed appropriately, played happily with her toys and went to her mother for comfort.';

/** The text of each page, in drawing order (pdf.js reads content streams in order). */
async function pagesOf(pdf: Buffer): Promise<string[]> {
  // pdf.js may take over the buffer it is given; hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return result.pages.map((page) => page.text);
  } finally {
    await parser.destroy();
  }
}

const lines = (page: string): string[] =>
  page
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
const occurrences = (text: string, needle: string): number => text.split(needle).length - 1;
/** Text with every run of white space made one space, so wrapped lines read as running text. */
const flat = (text: string): string => text.replace(/\s+/g, ' ');
const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/** Whether every word of `text` appears in `haystack` in order (other text may come between, e.g. other columns). */
function containsInOrder(haystack: string, text: string): boolean {
  const hay = words(haystack);
  let at = 0;
  for (const word of words(text)) {
    while (at < hay.length && hay[at] !== word) at++;
    if (at === hay.length) return false;
    at++;
  }
  return true;
}

describe(renderChronologyPdf.name, () => {
  it('reports how many pages it wrote', async () => {
    const { pdf, pages } = await renderChronologyPdf(chronology({ rows: numberedRows(80) }));
    expect(pages).toBeGreaterThan(1);
    expect(await pagesOf(pdf)).toHaveLength(pages);
  });

  it('writes a PDF', async () => {
    const pdf = await render(chronology());

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
  });

  it('prints the title block on the first page', async () => {
    const [first] = await pagesOf(await render(chronology()));

    for (const expected of [
      'Multi-agency chronology',
      'Isla Brennan',
      'Date of birth: 14 Feb 2024',
      'CHI 1402241234',
      'SCRA ref. 2026/004417',
      'Period covered 1 Jan 2024 to 23 Nov 2026',
      'Agencies: Police Scotland, NHS Lanarkshire',
      'Significant events only',
      'Audience Children’s Hearing panel',
      'Addresses and third parties’ health details are left out',
      'Purpose Children’s Hearing on 2 Dec 2026',
      'Lawful basis UK GDPR Art. 6(1)(e) public task',
      'Produced by Morag MacLeod',
      'Social worker, South Lanarkshire Council',
      'Produced on 23 Nov 2026, 14:05 GMT',
      `Produced for ${PRODUCED_FOR}`,
      `Export ID ${EXPORT_ID}`,
      '★ Significant',
      'Withheld not shared with this audience',
    ]) {
      expect(first).toContain(expected);
    }
  });

  it('prints the production time in UK time, summer time included', async () => {
    const [first] = await pagesOf(await render(chronology({ producedAt: '2026-07-01T23:30:00Z' })));

    expect(first).toContain('Produced on 2 Jul 2026, 00:30 BST');
  });

  it('leaves out the lawful basis when none is given, and says a withheld date of birth is withheld', async () => {
    const [first] = await pagesOf(
      await render(chronology({ lawfulBasis: null, child: { name: 'I. B.', dateOfBirth: null, identifiers: [] } })),
    );

    expect(first).not.toContain('Lawful basis');
    expect(first).toContain('Date of birth: Withheld');
    expect(first).toContain('I. B.');
  });

  it('prints a statement about the copy under the title block, before the key, and the key in its own words', async () => {
    const statement = 'Some information may have been left out of this copy, as the law allows. To ask about it, contact South Lanarkshire Council.';
    const [first] = await pagesOf(await render(chronology({ statement, withheldKey: { label: 'Not included in this copy', explanation: 'information that is not part of this copy' } })));

    expect(first).toContain(`About this copy\n${statement}`);
    expect(first.indexOf(statement)).toBeGreaterThan(first.indexOf(`Export ID ${EXPORT_ID}`));
    expect(first.indexOf(statement)).toBeLessThan(first.indexOf('Not included in this copy information that is not part of this copy'));
    expect(first).not.toContain('Withheld');
  });

  it('lays the title block down the page when its two columns cannot fit beside each other', async () => {
    const filters = Array.from({ length: 60 }, (_, i) => `Filter number ${i + 1} of sixty`);
    const pages = await pagesOf(await render(chronology({ filters })));
    const text = pages.join('\n');

    for (const filter of filters) expect(text).toContain(filter);
    // Sixty filters cannot fit on the first page: drawn beside each other they would run off its foot.
    expect(pages[0]).not.toContain('Filter number 60 of sixty');
    expect(text.indexOf('Filter number 60 of sixty')).toBeLessThan(text.indexOf('Produced by Morag MacLeod'));
    expect(text).toContain('What happened');
  });

  describe('on every page', () => {
    let pages: string[];

    beforeAll(async () => {
      pages = await pagesOf(await render(chronology({ rows: numberedRows(80) })));
    });

    it('spans several pages (or the checks below prove little)', () => {
      expect(pages.length).toBeGreaterThanOrEqual(4);
    });

    it('prints the protective marking at the top and at the bottom', () => {
      for (const page of pages) {
        const pageLines = lines(page);
        expect(occurrences(page, MARKING)).toBeGreaterThanOrEqual(2);
        expect(pageLines[0]).toContain(MARKING);
        expect(pageLines[pageLines.length - 1]).toBe(MARKING);
      }
    });

    it('numbers the page "Page x of y"', () => {
      pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
    });

    it('prints the export id and whom the copy was produced for', () => {
      for (const page of pages) {
        expect(page).toContain(`Export ID ${EXPORT_ID}`);
        expect(page).toContain(`Produced for: ${PRODUCED_FOR}`);
      }
    });

    it('repeats the header row above the rows', () => {
      for (const page of pages.filter((p) => /Entry \d{3}/.test(p))) {
        const header = page.indexOf(HEADINGS.join(' '));
        expect(header).toBeGreaterThanOrEqual(0);
        expect(header).toBeLessThan(page.search(/Entry \d{3}/));
      }
    });
  });

  it('keeps the rows in the given order', async () => {
    // Deliberately not in date order: the renderer must not re-sort.
    const rows = numberedRows(30, (i) => ({ date: `${(i * 7) % 28 + 1} Mar 2025` }));
    const text = (await pagesOf(await render(chronology({ rows })))).join('\n');

    const positions = rows.map((_, i) => text.indexOf(label(i)));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('wraps long text within its column and loses none of it', async () => {
    const long = `${LONG_PARAGRAPH}\n\n${LONG_PARAGRAPH} Last words of the summary.`;
    const unbroken = 'https://records.example.org/children/isla-brennan/chronology/entries/0f3c2a4e9b7d4c1e8a552d6f1b9e7c30';
    const pages = await pagesOf(
      await render(
        chronology({
          rows: [
            row({ summary: { text: long } }),
            row({ eventType: { text: '' }, source: { agency: '' }, summary: { text: unbroken }, impact: { text: '' }, actionOutcome: { text: '' } }),
          ],
        }),
      ),
    );
    const text = pages.join('\n');

    expect(containsInOrder(text, long)).toBe(true);
    // Wrapped: the summary's first and last words are on different lines.
    const lineOf = (needle: string): number => lines(text).findIndex((line) => line.includes(needle));
    expect(lineOf('Last words of the summary.')).toBeGreaterThan(lineOf('Joint home visit'));
    // A word wider than the column is broken between lines, not cut off or run into the next column.
    expect(text).not.toContain(unbroken);
    expect(text.replace(/\s+/g, '')).toContain(unbroken);
  });

  it('moves a row that does not fit at the foot of a page whole onto the next page', async () => {
    // Rows over half a page tall: one that does not fit leaves a good part of the page behind.
    const body = Array.from({ length: 3 }, () => LONG_PARAGRAPH).join('\n\n');
    const rows = numberedRows(6, (i) => ({ summary: { text: `${label(i)} ${body} Close of ${label(i)}.` } }));
    const pages = await pagesOf(await render(chronology({ rows })));

    expect(pages.length).toBeGreaterThan(2);
    rows.forEach((_, i) => {
      const page = pages.findIndex((p) => p.includes(`${label(i)} Joint`));
      expect(page).toBeGreaterThanOrEqual(0);
      expect(pages[page]).toContain(`Close of ${label(i)}.`);
    });
    expect(pages.join('\n')).not.toContain('(continued)');
  });

  it('splits a row taller than a page between lines, marking each later part "(continued)"', async () => {
    const paragraphs = Array.from({ length: 14 }, (_, i) => `Paragraph ${i + 1}. ${LONG_PARAGRAPH}`).join('\n\n');
    const rows = [
      row({ date: '1 Mar 2025', summary: { text: 'Entry before.' } }),
      row({ date: '4 Mar 2025', significant: true, summary: { text: paragraphs }, notes: ['Amended (version 2, 12 Apr 2025): spelling corrected.'] }),
      row({ date: '9 Mar 2025', summary: { text: 'Entry after.' } }),
    ];
    const pages = await pagesOf(await render(chronology({ rows })));
    const continuations = pages.filter((page) => page.includes('(continued)'));

    expect(continuations.length).toBeGreaterThanOrEqual(1);
    for (const page of continuations) {
      expect(page).toContain(HEADINGS.join(' '));
      expect(page).toMatch(/4 Mar 2025\s+\(continued\)/);
    }
    expect(pages.filter((page) => flat(page).includes('Continues on next page'))).toHaveLength(continuations.length);
    const text = pages.join('\n');
    expect(containsInOrder(text, `Entry before. ${paragraphs} Amended (version 2, 12 Apr 2025): spelling corrected. Entry after.`)).toBe(true);
  });

  describe('withheld information', () => {
    const notice = 'Withheld: held by Police Scotland (contact: PPU 01698 000000)';
    let text: string;

    beforeAll(async () => {
      const rows = [
        row({
          source: { agency: 'Police Scotland', author: null, role: null },
          // Defensive: a cell that somehow carries both must show only the notice.
          summary: { withheld: notice, text: 'SECRET-SUMMARY' } as unknown as ChronologyRow['summary'],
          impact: { withheld: notice },
          notes: ['Some details withheld: held by Police Scotland (contact PPU 01698 000000)'],
        }),
        row({
          kind: 'withheld',
          date: 'Date withheld',
          eventType: { text: 'SECRET-EVENT-TYPE' },
          source: { agency: 'NHS Lanarkshire' },
          summary: { withheld: 'Withheld: sensitive health information held by NHS Lanarkshire (contact: CP Health Team 01698 000111)' },
          impact: { text: 'SECRET-IMPACT' },
          actionOutcome: { text: 'SECRET-ACTION' },
          significant: null,
        }),
      ];
      const withheldSummary = ['Withheld: 2 restricted entries from NHS Lanarkshire, dates not shown (contact: CP Health Team 01698 000111)'];
      text = flat((await pagesOf(await render(chronology({ rows, withheldSummary })))).join('\n'));
    });

    it('shows the notice in place of a withheld cell, never the content', () => {
      expect(occurrences(text, notice)).toBe(2);
      expect(text).not.toContain('SECRET-SUMMARY');
      expect(text).toContain('Some details withheld: held by Police Scotland');
    });

    it('prints a wholly withheld entry as its date, source and notice only', () => {
      expect(text).toContain('Date withheld Entry withheld NHS Lanarkshire Withheld: sensitive health information held by NHS Lanarkshire');
      expect(text).not.toMatch(/SECRET-(EVENT-TYPE|IMPACT|ACTION)/);
    });

    it('keeps the heading of the undated notices on the page of the first notice, wherever the table ends', async () => {
      const notice = 'Withheld: 1 restricted entry from NHS Lanarkshire, dates not shown (contact: Public Health Nursing Team (Airdrie), 01632 960101)';
      for (let count = 1; count <= 60; count += 1) {
        const pages = await pagesOf(await render(chronology({ rows: numberedRows(count), withheldSummary: [notice] })));
        const headingPage = pages.findIndex((page) => page.includes('Entries withheld without a date'));
        expect({ count, page: pages.findIndex((page) => page.includes('1 restricted entry from NHS Lanarkshire')) }).toEqual({ count, page: headingPage });
      }
    });

    it('lists entries withheld without a date after the table, before the end line', () => {
      const summary = text.indexOf('Withheld: 2 restricted entries from NHS Lanarkshire, dates not shown');
      expect(summary).toBeGreaterThan(text.indexOf('Entry withheld'));
      expect(text.indexOf('Entries withheld without a date')).toBeLessThan(summary);
      expect(text.indexOf('End of chronology: 2 entries')).toBeGreaterThan(summary);
    });
  });

  it('renders names in other scripts and with diacritics', async () => {
    const names = ['Zoë Ní Bhriain', 'Łukasz Nowak', 'Ayşe Yılmaz', 'Nguyễn Thị Lan', 'Олена Коваленко', 'Σοφία Παπαδοπούλου'];
    const pdf = await render(
      chronology({
        child: { name: names[0], dateOfBirth: '14 Feb 2024', identifiers: [] },
        rows: names.slice(1).map((author) => row({ source: { agency: 'NHS Lanarkshire', author, role: 'GP' } })),
      }),
    );
    const text = (await pagesOf(pdf)).join('\n').normalize('NFC');

    for (const name of names) expect(text).toContain(name);
    // Embedded, not a standard font that could only have shown WinAnsi characters.
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2/);
    expect(pdf.toString('latin1')).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  it('puts in words what its font cannot print, never empty boxes or text back to front', async () => {
    const pdf = await render(
      chronology({
        rows: [
          row({
            summary: { text: 'Said she 👍🏽 her new school; her gran wrote 中文 and مرحبا on the card.' },
            actionOutcome: { text: 'Read the card with her: 中文。\nOutcome: she was reassured.' },
          }),
        ],
      }),
    );
    const text = (await pagesOf(pdf)).join(' ').replace(/\s+/g, ' ');

    expect(text).toContain('Said she [emoji: thumbs up: medium skin tone] her new school; her gran wrote [Chinese or Japanese text this print cannot show] and');
    expect(text).toContain('[Arabic-script text this print cannot show] on the card.');
    expect(text).toContain('Read the card with her: [Chinese or Japanese text this print cannot show]');
    // pdf.js reads this line's first letter out of order.
    expect(text).toContain('utcome: she was reassured.');
    // Three runs described, and no line break taken for a fourth.
    expect(occurrences(text, 'this print cannot show')).toBe(3);
    expect(text).not.toMatch(/[\u{1F44D}\u4E2D\u0645\u3002]/u);
  });

  it('marks significant events', async () => {
    const rows = numberedRows(3, (i) => ({ significant: i === 1 }));
    const text = (await pagesOf(await render(chronology({ rows })))).join('\n');
    const marker = '★ Significant';

    const afterLegend = text.slice(text.indexOf(HEADINGS.join(' ')));
    expect(occurrences(afterLegend, marker)).toBe(1);
    const at = afterLegend.indexOf(marker);
    expect(at).toBeGreaterThan(afterLegend.indexOf(label(0)));
    expect(at).toBeLessThan(afterLegend.indexOf(label(1)));
  });

  it('says when there are no entries', async () => {
    const text = (await pagesOf(await render(chronology({ rows: [] })))).join('\n');

    expect(text).toContain('No entries for the period and filters shown.');
    expect(text).toContain('End of chronology: 0 entries');
    expect(text).not.toContain('What happened');
  });

  it('ends with the number of entries', async () => {
    const pages = await pagesOf(await render(chronology({ rows: numberedRows(25) })));
    const last = lines(pages[pages.length - 1]);

    // The footer follows it.
    expect(last[last.length - 4]).toBe('End of chronology: 25 entries');
  });

  it('records the title, author, subject, keywords and production time in the document info', async () => {
    const parser = new PDFParse({ data: new Uint8Array(await render(chronology())) });
    const { info } = await parser.getInfo();
    await parser.destroy();

    expect(info).toMatchObject({
      Title: 'Multi-agency chronology: Isla Brennan',
      Author: 'Morag MacLeod, Social worker, South Lanarkshire Council',
      Subject: expect.stringContaining(MARKING),
      Keywords: expect.stringContaining(EXPORT_ID),
      CreationDate: 'D:20261123140500Z',
      ModDate: 'D:20261123140500Z',
    });
  });

  describe('determinism', () => {
    const document = chronology({
      rows: numberedRows(30, (i) => ({ significant: i % 4 === 0, notes: i % 5 === 0 ? ['Amended (version 2, 12 Apr 2025): date corrected.'] : [] })),
      withheldSummary: ['Withheld: 1 restricted entry from NHS Lanarkshire, dates not shown'],
    });
    const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

    afterEach(() => jest.useRealTimers());

    it('gives the same bytes for the same document, whenever it is rendered', async () => {
      // Only the clock is faked: pdfkit's stream still needs the real timers.
      const timers = ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] as const;
      jest.useFakeTimers({ doNotFake: [...timers], now: new Date('2027-01-01T09:00:00Z') });
      const first = await render(document);
      jest.setSystemTime(new Date('2031-06-30T17:42:13.517Z'));
      const second = await render(document);

      expect(second.equals(first)).toBe(true);
      expect(sha256(second)).toBe(sha256(first));
    });

    it('gives the same bytes from a freshly loaded renderer, with nothing cached', async () => {
      const warm = await render(document);
      let fresh: typeof renderChronologyPdf | undefined;
      jest.isolateModules(() => {
        fresh = (require('./chronology-pdf') as typeof import('./chronology-pdf')).renderChronologyPdf;
      });

      expect(fresh).not.toBe(renderChronologyPdf);
      expect(sha256((await fresh!(document)).pdf)).toBe(sha256(warm));
    });

    it('gives different bytes for a different export', async () => {
      const other = await render({ ...document, exportId: '00000000-0000-4000-8000-000000000000' });

      expect(sha256(other)).not.toBe(sha256(await render(document)));
    });
  });

  it('rejects a production time that is not an instant', async () => {
    await expect(render(chronology({ producedAt: 'yesterday' }))).rejects.toThrow('producedAt');
  });
});
