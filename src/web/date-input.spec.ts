import { dateInputProblem, isoFromDateInput } from './date-input';

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
});
