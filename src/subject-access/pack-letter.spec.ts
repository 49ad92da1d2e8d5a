import { writeFileSync } from 'node:fs';
import { renderLetterPdf } from '../export/pdf/letter-pdf';
import { pdfPages } from '../../test/support/pdf-text';
import type { SubjectAccessPack } from './pack';
import { packLetter } from './pack-letter';

const PACK: SubjectAccessPack = {
  format: 'chronicle-subject-access-pack/1',
  packId: '00000000-0000-4000-8000-000000000017',
  producedAt: '2026-12-03T18:00:00.000Z',
  request: { id: 'r', requester: 'Amy Test', capacity: 'young-person', receivedOn: '2026-11-30', dueOn: '2026-12-30' },
  child: { name: 'Amy Test', dateOfBirth: '2010-05-01' },
  contact: { agency: 'North Lanarkshire Council', details: 'dpo@example.org' },
  entries: Array.from({ length: 30 }, (_, index) => ({
    id: `e${index}`,
    status: index === 3 ? 'amended' : 'current',
    version: index === 3 ? 2 : 1,
    recordedAt: '2026-01-01T10:00:00Z',
    source: { agency: { id: 'a', code: 'sw', name: 'Social Work', type: 'social-work' }, author: { id: 'p', name: 'Sam Worker', jobTitle: 'Social worker', role: 'practitioner' } },
    eventDate: '2025-01-02',
    eventDateDisplay: '2 Jan 2025',
    eventType: { code: 'concern-raised', label: 'Concern raised', category: 'child-protection' },
    summary: `Event ${index}: a visit at home, everyone well.`,
    actionTaken: 'Visit again next week.',
    childView: index === 1 ? 'I liked the visit.' : null,
    lastChange: index === 3 ? { change: 'amended', reason: 'The street was wrong', by: 'Sam Worker', byAgency: 'Social Work', at: '2026-02-01T10:00:00Z' } : undefined,
    otherPeopleRedacted: index === 5,
  })),
  withheld: [{ exemption: 'serious-harm', description: 'Likely to cause serious harm', law: 'DPA 2018 Sch. 3', count: 2 }],
  sharedWith: [{ date: '2025-03-01', entryId: 'e1', recipient: { name: 'Brighter Paths', type: 'third-sector' }, lawfulBasis: 'UK GDPR 6(1)(e)' }],
  copiesMade: [],
  accessedBy: [{ agency: 'Social Work', agencyType: 'social-work', role: 'practitioner', times: 12, first: '2025-01-02', last: '2026-11-01' }],
  purposes: [{ purpose: 'Keeping children safe', lawfulBasis: 'UK GDPR Art. 6(1)(e)' }],
  retention: [{ record: 'Health record of a child', keptFor: "until the child's 25th birthday" }],
};

describe(packLetter.name, () => {
  it('addresses a young person as "you", and every page carries its number and marking', async () => {
    const document = packLetter(PACK);
    expect(document.title).toBe('Your records: the information held about you');
    const { pdf, pages } = await renderLetterPdf(document);
    if (process.env.PACK_PDF_OUT) writeFileSync(process.env.PACK_PDF_OUT, pdf);
    const text = await pdfPages(pdf);
    expect(text.length).toBe(pages);
    expect(pages).toBeGreaterThan(1);
    text.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${pages}`);
      expect(page).toContain('OFFICIAL-SENSITIVE');
    });
    const all = text.join('\n').replace(/\s+/g, ' ');
    expect(all).toContain('What you said I liked the visit.');
    expect(all).toContain('This entry was corrected on 1 Feb 2026: The street was wrong.');
    expect(all).toContain('only its date, kind and organisation are shown');
    expect(all).toContain('2 items: Likely to cause serious harm');
    expect(all).toContain("Health record of a child: until the child's 25th birthday, then reviewed");
  });

  it('writes about the child by name to a parent', () => {
    const document = packLetter({ ...PACK, request: { ...PACK.request, requester: 'Jane Test', capacity: 'parental-responsibility' } });
    expect(document.title).toBe('The information held about Amy Test');
    expect(JSON.stringify(document.blocks)).toContain('What the child said');
  });

  it('makes the same bytes from the same pack', async () => {
    const [a, b] = await Promise.all([renderLetterPdf(packLetter(PACK)), renderLetterPdf(packLetter(PACK))]);
    expect(a.pdf.equals(b.pdf)).toBe(true);
  });
});
