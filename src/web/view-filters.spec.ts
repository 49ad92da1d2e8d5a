import { age, ageAtEvent, childName, duration, ukDate, ukDateTime } from './view-filters';

describe('view filters', () => {
  it('writes dates the GOV.UK way', () => {
    expect(ukDate('2025-03-04')).toBe('4 March 2025');
    expect(ukDate('2024-12-31')).toBe('31 December 2024');
  });

  it('writes instants as the UK clock showed them, summer time included', () => {
    expect(ukDateTime('2026-01-15T15:05:00Z')).toBe('15 January 2026 at 3:05pm');
    expect(ukDateTime('2026-07-01T23:30:00Z')).toBe('2 July 2026 at 12:30am');
  });

  it.each([
    ['2026-12-03', '2026-12-03', '0 months'],
    ['2026-11-03', '2026-12-03', '1 month'],
    ['2026-11-04', '2026-12-03', '0 months'],
    ['2024-05-21', '2026-05-20', '23 months'],
    ['2024-05-21', '2026-05-21', '2 years'],
    ['2011-07-28', '2026-12-03', '15 years'],
    ['2027-01-01', '2026-12-03', 'not yet born'],
  ])('gives the age of a child born %s on %s as %s', (born, today, expected) => {
    expect(age(born, today)).toBe(expected);
  });

  it.each([
    ['2024-06-01', { childAgeAtEvent: 0, eventDate: '2024-07-09', datePrecision: 'day' }, '1 month'],
    ['2024-06-01', { childAgeAtEvent: 0, eventDate: '2025-05-01', datePrecision: 'month' }, 'about 11 months'],
    ['2021-06-01', { childAgeAtEvent: 3, eventDate: '2025-01-01', datePrecision: 'year' }, 'about 3 years'],
    ['2024-06-01', { childAgeAtEvent: -1, eventDate: '2024-03-26', datePrecision: 'day' }, 'Before birth'],
    ['2024-06-01', { eventDate: '2024-07-09', datePrecision: 'day' }, ''],
  ])("gives the age of a child born %s at an entry's event %j as %s", (born, entry, expected) => {
    expect(ageAtEvent(born, entry)).toBe(expected);
  });

  it('names a child with the name they are known by', () => {
    expect(childName({ givenName: 'Connor', familyName: 'Mitchell', knownAs: 'Con' })).toBe('Connor Mitchell (known as Con)');
    expect(childName({ givenName: 'Isla', familyName: 'Brennan', knownAs: null })).toBe('Isla Brennan');
  });

  it('says how long in the largest whole unit', () => {
    expect(duration(28_800)).toBe('8 hours');
    expect(duration(3600)).toBe('1 hour');
    expect(duration(1800)).toBe('30 minutes');
    expect(duration(90)).toBe('90 seconds');
  });
});
