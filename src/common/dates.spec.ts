import { ageInYears, isRealCalendarDate, todayIso } from './dates';

describe('dates', () => {
  it('accepts only real calendar dates', () => {
    expect(isRealCalendarDate('2024-02-29')).toBe(true);
    expect(isRealCalendarDate('2025-02-29')).toBe(false);
    expect(isRealCalendarDate('2025-13-01')).toBe(false);
    expect(isRealCalendarDate('2025-1-01')).toBe(false);
    expect(isRealCalendarDate('2025-01-01T00:00:00Z')).toBe(false);
  });

  it('computes age in whole years, negative before birth', () => {
    expect(ageInYears('2016-04-12', '2026-04-11')).toBe(9);
    expect(ageInYears('2016-04-12', '2026-04-12')).toBe(10);
    expect(ageInYears('2024-05-01', '2024-02-01')).toBe(-1);
  });

  it('gives the UK calendar date, which differs from UTC late in a British summer evening', () => {
    expect(todayIso(new Date('2025-07-01T23:30:00Z'))).toBe('2025-07-02');
    expect(todayIso(new Date('2025-01-01T23:30:00Z'))).toBe('2025-01-01');
  });
});
