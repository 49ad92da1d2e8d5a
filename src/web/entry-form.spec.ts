import type { EntryView } from '../chronology/entry.view';
import { entryChangesOf, entryContentOf, entryFormValues, entryFormValuesOf } from './entry-form';

const entry: EntryView = {
  kind: 'entry',
  id: 'e',
  childId: 'c',
  status: 'current',
  version: 2,
  recordedAt: '2025-03-05T10:00:00.000Z',
  source: { agency: { id: 'a', code: 'nhs', name: 'NHS', type: 'health' } },
  eventDate: '2025-03-01',
  datePrecision: 'month',
  eventEndDate: null,
  eventTime: null,
  eventType: { code: 'health-assessment', label: 'Health assessment', category: 'health' },
  summary: 'Weighed.',
  detail: 'Calm.',
  significant: true,
  nature: 'positive',
  wellbeingIndicators: ['healthy'],
  actionTaken: 'Next visit booked.',
  noActionReason: null,
  sensitivity: 'standard',
  namesThirdParties: false,
  withheld: { fields: ['professionalAnalysis'], heldBy: 'NHS', contact: null },
};

describe('the entry form', () => {
  it('reads a date known to the month, and leaves out what was left empty', () => {
    const body = { 'eventDate-day': '', 'eventDate-month': '3', 'eventDate-year': '2025', datePrecision: 'month', eventType: 'health-assessment', summary: ' Weighed. ', actionTaken: '', noActionReason: 'Routine.' };
    expect(entryContentOf(entryFormValues(body))).toEqual({
      content: { eventDate: '2025-03-01', datePrecision: 'month', eventType: 'health-assessment', summary: 'Weighed.', noActionReason: 'Routine.' },
      problems: [],
    });
  });

  it('says which date box to put right, and that a date is needed', () => {
    expect(entryContentOf(entryFormValues({ 'eventDate-day': '4', 'eventDate-year': '2025' })).problems).toEqual([{ field: 'eventDate-month', text: 'The date of the event must include a month' }]);
    expect(entryContentOf(entryFormValues({})).problems).toEqual([{ field: 'eventDate-day', text: 'Enter the date of the event' }]);
  });

  it('changes nothing when the form is sent back as it was filled in', () => {
    const unchanged = entryContentOf(entryFormValuesOf(entry)).content;
    expect(entryChangesOf(unchanged, entry, ['eventDate', 'eventType', 'summary', 'detail', 'significant', 'nature', 'wellbeingIndicators', 'actionTaken', 'sensitivity', 'namesThirdParties'])).toEqual({});
  });

  it('sends unticked boxes as no or none, an emptied field as cleared, and never a field the user may not write or could not read', () => {
    const edited = { ...entryContentOf(entryFormValuesOf(entry)).content, significant: undefined, wellbeingIndicators: undefined, detail: undefined, summary: 'Weighed and measured.', professionalAnalysis: 'x' };
    expect(entryChangesOf(edited, entry, ['summary', 'significant', 'wellbeingIndicators', 'detail', 'professionalAnalysis'])).toEqual({
      summary: 'Weighed and measured.',
      significant: false,
      wellbeingIndicators: [],
      detail: null,
    });
    expect(entryChangesOf(edited, entry, ['eventDate'])).toEqual({});
  });
});
