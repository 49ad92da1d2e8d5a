import { LOCATE_FIELDS, MARKER_SHOWS, READABLE_ENTRY_FIELDS } from '../access/access-policy';
import { toWithheldEntryView } from './withheld-notices';

/** The policy explainer says what a marker shows from MARKER_SHOWS; the marker is made here: the two must agree. */
describe('a withheld entry marker', () => {
  const row = {
    id: 'e1',
    childId: 'c1',
    agencyId: 'a1',
    agencyCode: 'nhs-lanarkshire',
    agencyName: 'NHS Lanarkshire',
    agencyType: 'health' as const,
    agencyContact: 'Health visiting team',
    sensitivity: 'sensitive' as const,
    eventDate: '2025-03-04',
    datePrecision: 'day' as const,
  };

  it.each([
    ['with its date', true, ['sourceAgency', 'eventDate']],
    ['without its date', false, ['sourceAgency']],
  ] as const)('shows, %s, exactly the readable fields MARKER_SHOWS gives for what it locates', (_name, dated, located) => {
    const marker = toWithheldEntryView(row, dated);
    const shown = READABLE_ENTRY_FIELDS.filter((field) => field in marker);
    expect(shown.sort()).toEqual(located.flatMap((locate) => [...MARKER_SHOWS[locate]]).sort());
    expect(LOCATE_FIELDS).toEqual(expect.arrayContaining([...located]));
  });
});
