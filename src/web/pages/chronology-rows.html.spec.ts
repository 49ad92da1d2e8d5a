import { chronologyRowsHtml, escapeHtml } from './chronology-rows.html';
import type { ChronologyRow } from './chronology.view-model';

const row = (overrides: Partial<ChronologyRow>): ChronologyRow => ({
  id: 'e1',
  href: '/child/c1/entries/e1',
  withheld: false,
  date: '4 Mar 2025',
  age: '3 years',
  eventType: 'Concern raised',
  nature: 'Negative',
  agency: 'Police Scotland',
  author: 'Jamie Reid, Police constable',
  summary: 'Summary text',
  impact: '',
  action: 'Referred',
  outcome: '',
  more: [],
  significant: false,
  restricted: false,
  status: null,
  withheldNote: '',
  ...overrides,
});

describe('chronologyRowsHtml', () => {
  it('escapes every value', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const html = chronologyRowsHtml([row({ summary: '<script>alert(1)</script>', more: [{ label: 'Detail', text: '<b>bold</b>' }], outcome: 'A & B' })]).text();
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Outcome: A &amp; B');
  });

  it('marks significant, amended and entered-in-error entries, and links the summary to the entry', () => {
    const [significant, amended, inError] = chronologyRowsHtml([
      row({ significant: true }),
      row({ status: { label: 'Amended', reason: 'Wrong date' } }),
      row({ status: { label: 'Entered in error', reason: 'Wrong child' } }),
    ]).text().split('\n');
    expect(significant).toMatch(/^<tr id="entry-e1" class="govuk-table__row app-chronology__row--significant">/);
    expect(significant).toContain('govuk-tag--red app-chronology__tag">Significant</strong>');
    expect(amended).toContain('govuk-tag--orange app-chronology__tag">Amended</strong> <span class="app-secondary">Wrong date</span>');
    expect(inError).toMatch(/^<tr id="entry-e1" class="govuk-table__row app-chronology__row--in-error">/);
    expect(significant).toContain('<a class="govuk-link" href="/child/c1/entries/e1">Summary text</a>');
  });

  it('shows a withheld entry as its date, its agency and who holds it, in place', () => {
    const html = chronologyRowsHtml([row({ withheld: true, summary: '', withheldNote: 'Withheld — held by NHS Lanarkshire, contact 01632 960101' })]).text();
    expect(html).toMatch(/^<tr id="entry-e1" class="govuk-table__row app-chronology__row--withheld"><th scope="row" class="govuk-table__header" data-label="Date">4 Mar 2025<\/th>/);
    expect(html).toContain('<td class="govuk-table__cell" data-label="Summary" colspan="3">Withheld — held by NHS Lanarkshire, contact 01632 960101</td>');
    expect(html).not.toContain('Summary text');
  });
});
