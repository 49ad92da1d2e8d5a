import type { ChildView } from '../../children/child.view';
import type { ChronologyPage, EntryView, WithheldEntryView } from '../../chronology/entry.view';
import { chronologyViewModel } from './chronology.view-model';

const child = { id: 'c1', dateOfBirth: '2024-05-21' } as ChildView;
const agency = { id: 'a1', code: 'nhs-lanarkshire', name: 'NHS Lanarkshire', type: 'health' as const };

const entry = (overrides: Partial<EntryView>): EntryView => ({
  kind: 'entry',
  id: 'e1',
  childId: 'c1',
  status: 'current',
  version: 1,
  recordedAt: '2025-01-01T00:00:00.000Z',
  source: { agency, author: { id: 'p1', name: 'Helen Hughes', jobTitle: 'Health visitor', role: 'practitioner' } },
  eventDate: '2025-03-04',
  datePrecision: 'day',
  eventDateDisplay: '4 Mar 2025',
  childAgeAtEvent: 0,
  summary: 'Home visit',
  nature: 'positive',
  significant: false,
  ...overrides,
});

const page = (items: (EntryView | WithheldEntryView)[], more: Partial<ChronologyPage> = {}): ChronologyPage => ({
  childId: 'c1',
  access: { relationship: 'involved', claim: null },
  page: 1,
  pageSize: 100,
  total: items.length,
  items,
  withheldUndated: [],
  ...more,
});

describe('chronologyViewModel', () => {
  it('gives the age at the event in months under 2, "about" for an inexact date, and "Before birth"', () => {
    const { rowsHtml } = chronologyViewModel(child, page([entry({}), entry({ id: 'e2', datePrecision: 'month', eventDateDisplay: 'Mar 2025' }), entry({ id: 'e3', eventDate: '2024-03-26' })]));
    const ages = [...rowsHtml.text().matchAll(/data-label="Age">([^<]*)</g)].map((match) => match[1]);
    expect(ages).toEqual(['9 months', 'about 9 months', 'Before birth']);
  });

  it('shows no age where the reader may not read it', () => {
    const { rowsHtml } = chronologyViewModel(child, page([entry({ childAgeAtEvent: undefined })]));
    expect(rowsHtml.text()).toContain('data-label="Age"></td>');
  });

  it('says who holds what is withheld: whom to contact for a withheld account, the agency for a withheld detail', () => {
    const withheld = { heldBy: 'NHS Lanarkshire', contact: 'Health Records, 01632 960101' };
    const { rowsHtml } = chronologyViewModel(
      child,
      page([
        entry({ summary: undefined, withheld: { fields: ['summary'], ...withheld } }),
        entry({ id: 'e2', withheld: { fields: ['professionalAnalysis'], ...withheld } }),
        { kind: 'withheld', id: 'e3', childId: 'c1', source: { agency }, contact: withheld.contact, sensitivity: 'sensitive', eventDate: '2025-04-01', eventDateDisplay: '1 Apr 2025', notice: '' },
      ]),
    );
    const [account, detail, whole] = rowsHtml.text().split('\n');
    expect(account).toContain('Summary withheld</a> <span class="app-secondary">Withheld — held by NHS Lanarkshire, contact Health Records, 01632 960101</span>');
    expect(detail).toContain('<span class="app-secondary">Some details withheld — held by NHS Lanarkshire</span>');
    expect(whole).toContain('>Withheld — held by NHS Lanarkshire, contact Health Records, 01632 960101</td>');
  });

  it('draws the dated entries on the timeline, withheld accounts hollow, and counts the undated withheld ones in words', () => {
    const view = chronologyViewModel(
      child,
      page([entry({ significant: true }), entry({ id: 'e2', summary: undefined, nature: undefined })], {
        withheldUndated: [{ source: { agency }, contact: null, sensitivity: 'restricted', count: 2, notice: '' }],
      }),
    );
    expect(view.timeline).toContain('<use href="#timeline-positive-significant"');
    expect(view.timeline).toContain('<use href="#timeline-withheld"');
    expect(view.undatedWithheld).toEqual(['2 restricted entries withheld, dates not shown — held by NHS Lanarkshire']);
  });

  it('counts the page within the whole', () => {
    const view = chronologyViewModel(child, page([entry({}), entry({ id: 'e2' })], { page: 2, pageSize: 2, total: 5 }));
    expect([view.shown, view.page, view.pages]).toEqual([{ first: 3, last: 4 }, 2, 3]);
  });
});
