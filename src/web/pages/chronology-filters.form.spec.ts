import { anyFilter, apiQuery, filterAddress, filterValues } from './chronology-filters.form';

describe('the chronology page filters', () => {
  it('become the API query, empty ones left out so the read is audited as the same API read', () => {
    const values = filterValues({ 'from-day': '1', 'from-month': '3', 'from-year': '2025', 'to-day': '', agency: ['police-scotland', 'nhs-lanarkshire'], wellbeingIndicator: 'safe', eventType: '', significant: 'true', page: '2' });
    expect(apiQuery(values)).toEqual({
      query: { from: '2025-03-01', agency: ['police-scotland', 'nhs-lanarkshire'], wellbeingIndicator: ['safe'], significant: 'true', page: '2' },
      errors: [],
    });
    expect(apiQuery(filterValues({}))).toEqual({ query: {}, errors: [] });
  });

  it('say what is wrong with a date as typed, against the box to put right', () => {
    const { query, errors } = apiQuery(filterValues({ 'from-day': '30', 'from-month': '2', 'from-year': '2025', 'to-month': '3', 'to-year': '2025' }));
    expect(query).toEqual({});
    expect(errors).toEqual([
      { field: 'from-day', text: 'The start of the period must be a real date' },
      { field: 'to-day', text: 'The end of the period must include a day' },
    ]);
  });

  it('are kept in the address of another page, and only filter values are', () => {
    const values = filterValues({ 'to-day': '31', 'to-month': '12', 'to-year': '2025', agency: ['police-scotland'], significant: 'true', other: 'x' });
    expect(filterAddress('/child/c1/chronology', values, { page: '3' })).toBe('/child/c1/chronology?to-day=31&to-month=12&to-year=2025&agency=police-scotland&significant=true&page=3');
    expect(filterAddress('/child/c1/chronology', filterValues({}), {})).toBe('/child/c1/chronology');
  });

  it('count as set when any filter is, paging aside', () => {
    expect(anyFilter(filterValues({ page: '2', pageSize: '50' }))).toBe(false);
    expect(anyFilter(filterValues({ 'from-year': '2025' }))).toBe(true);
    expect(anyFilter(filterValues({ wellbeingIndicator: ['safe'] }))).toBe(true);
  });
});
