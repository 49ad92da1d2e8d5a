import { dateInputProblem, dateToPrecision, isoFromDateInput } from './date-input';

describe('date input', () => {
  it('reads complete boxes as an ISO date', () => {
    expect(isoFromDateInput({ day: '7', month: '3', year: '2012' })).toBe('2012-03-07');
    expect(dateInputProblem({ day: '7', month: '3', year: '2012' }, 'Date of birth')).toBeNull();
  });

  it('takes empty boxes as no date, and no problem', () => {
    expect(isoFromDateInput({ day: '', month: '', year: '' })).toBeNull();
    expect(dateInputProblem({ day: '', month: '', year: '' }, 'Date of birth')).toBeNull();
  });

  it.each([
    [{ day: '7', month: '', year: '2012' }, 'month', 'Date of birth must include a month'],
    [{ day: '', month: '', year: '2012' }, 'day', 'Date of birth must include a day and month'],
    [{ day: '7', month: '3', year: '12' }, 'year', 'Year must include 4 numbers'],
    [{ day: '31', month: '2', year: '2012' }, 'day', 'Date of birth must be a real date'],
    [{ day: 'x', month: '3', year: '2012' }, 'day', 'Date of birth must be a real date'],
  ])('names what is wrong with %j', (value, part, text) => {
    expect(dateInputProblem(value, 'Date of birth')).toEqual({ part, text });
    expect(isoFromDateInput(value)).toBeNull();
  });

  it.each([
    [{ day: '', month: '3', year: '2025' }, 'month', '2025-03-01'],
    [{ day: '', month: '', year: '2019' }, 'year', '2019-01-01'],
    [{ day: '4', month: '3', year: '2025' }, 'approximate', '2025-03-04'],
  ] as const)('reads %j known to the %s as %s', (value, precision, iso) => {
    expect(dateToPrecision(value, precision, 'Date')).toEqual({ iso, problem: null });
  });

  it.each([
    [{ day: '', month: '', year: '2025' }, 'month', { part: 'month', text: 'Date must include a month' }],
    [{ day: '', month: '13', year: '2025' }, 'month', { part: 'month', text: 'Date must be a real date' }],
    [{ day: '', month: '', year: '25' }, 'year', { part: 'year', text: 'Year must include 4 numbers' }],
    [{ day: '', month: '3', year: '2025' }, 'day', { part: 'day', text: 'Date must include a day' }],
    [{ day: '9', month: '3', year: '2025' }, 'month', { part: 'day', text: 'Date: leave the day empty if you know only the month, or say you know the exact day' }],
    [{ day: '9', month: '3', year: '2025' }, 'year', { part: 'day', text: 'Date: leave the day and month empty if you know only the year, or say you know the exact day' }],
  ] as const)('names what is wrong with %j known to the %s', (value, precision, problem) => {
    expect(dateToPrecision(value, precision, 'Date')).toEqual({ iso: null, problem });
  });
});
