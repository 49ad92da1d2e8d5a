import { createHash } from 'node:crypto';
import { DomainError } from '../../common/domain-error';
import { EXPORT_MAX_ENTRIES } from '../export.service';
import { ChronologyDocument, ChronologyRow } from './chronology-document';
import { renderChronologyPdf } from './chronology-pdf';
import { PdfRenderer } from './pdf-renderer';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function document(rows: number): ChronologyDocument {
  const row = (i: number): ChronologyRow => ({
    kind: 'entry',
    date: '4 Mar 2025',
    time: null,
    eventType: { text: 'Health assessment' },
    source: { agency: 'NHS Lanarkshire', author: 'Helen Hughes', role: 'Health visitor' },
    summary: { text: `Entry ${i}. Home visit: weighed and measured, growth steady on the 50th centile. Mother says sleep is more settled; the family's housing repair is still outstanding and the landlord has been chased again.` },
    impact: { text: 'Positive: thriving physically. Some worry about the damp in the bedroom.' },
    actionOutcome: { text: 'Next contact offered in three months; housing officer told of the repair.\nOutcome: repair booked.' },
    significant: i % 7 === 0,
    notes: i % 5 === 0 ? ['Amended: this is version 2 (12 Apr 2025): date corrected.'] : [],
  });
  return {
    exportId: '3f0c2a4e-9b7d-4c1e-8a55-2d6f1b9e7c30',
    protectiveMarking: 'OFFICIAL-SENSITIVE',
    title: 'Multi-agency chronology',
    child: { name: 'Isla Brennan', dateOfBirth: '14 Feb 2024', identifiers: ['CHI 1402241234'] },
    period: 'All recorded events',
    filters: [],
    audience: { label: 'Child protection case conference', description: 'Internal record references are left out.' },
    purpose: 'Case conference',
    producedBy: { name: 'Morag MacLeod', role: 'Social worker', agency: 'South Lanarkshire Council' },
    producedFor: 'Conference members',
    producedAt: '2026-11-23T14:05:00Z',
    rows: Array.from({ length: rows }, (_, i) => row(i)),
    withheldSummary: [],
    withheldKey: { label: 'Withheld', explanation: 'the notice says who holds it and whom to ask' },
    statement: null,
  };
}

describe(PdfRenderer.name, () => {
  let renderer: PdfRenderer | undefined;

  afterEach(async () => {
    await renderer?.onApplicationShutdown();
  });

  it('renders on its thread the same bytes as in the server, in the order asked', async () => {
    renderer = new PdfRenderer();
    const [first, second] = await Promise.all([renderer.render(document(3)), renderer.render(document(40))]);
    expect(sha256(first.pdf)).toBe(sha256((await renderChronologyPdf(document(3))).pdf));
    expect(sha256(second.pdf)).toBe(sha256((await renderChronologyPdf(document(40))).pdf));
    expect(second.pages).toBeGreaterThan(first.pages);
  });

  it('prints the longest chronology an export may hold within the thread\'s heap', async () => {
    renderer = new PdfRenderer();
    const { pages } = await renderer.render(document(EXPORT_MAX_ENTRIES));
    expect(pages).toBeGreaterThan(400);
  }, 120_000);

  it('answers EXPORT_TOO_LARGE for a document that does not fit, and renders the next on a fresh thread', async () => {
    renderer = new PdfRenderer({ maxOldGenerationSizeMb: 40, maxYoungGenerationSizeMb: 2 });
    const refusal = await renderer.render(document(20_000)).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).code).toBe('EXPORT_TOO_LARGE');
    expect((await renderer.render(document(2))).pages).toBe(1);
  }, 120_000);
});
