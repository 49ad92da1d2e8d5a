import { addCalendarMonths, dueDate, isOverdue } from './due-date';

describe('dueDate', () => {
  it.each([
    ['2026-03-03', '2026-04-03'],
    ['2026-01-31', '2026-02-28'],
    ['2028-01-31', '2028-02-29'],
    ['2028-01-29', '2028-02-29'],
    ['2028-02-29', '2028-03-29'],
    ['2027-02-28', '2027-03-28'],
    ['2026-03-31', '2026-04-30'],
    ['2026-05-31', '2026-06-30'],
    ['2026-08-31', '2026-09-30'],
    ['2026-12-15', '2027-01-15'],
    ['2026-12-31', '2027-01-31'],
  ])('a request received on %s is due on %s', (received, due) => {
    expect(dueDate(received)).toBe(due);
  });

  it.each([
    ['2026-01-31', 1, '2026-03-31'],
    ['2026-01-31', 2, '2026-04-30'],
    ['2027-12-29', 1, '2028-02-29'],
    ['2028-02-29', 2, '2028-05-29'],
    ['2026-11-30', 2, '2027-02-28'],
  ])('received on %s and extended by %i months, it is due on %s (counted from receipt, not from the first deadline)', (received, months, due) => {
    expect(dueDate(received, months)).toBe(due);
  });

  it('refuses an extension beyond two further months, or of part of a month', () => {
    expect(() => dueDate('2026-01-01', 3)).toThrow(RangeError);
    expect(() => dueDate('2026-01-01', 1.5)).toThrow(RangeError);
    expect(() => dueDate('2026-01-01', -1)).toThrow(RangeError);
  });
});

describe('addCalendarMonths', () => {
  it('crosses years both ways', () => {
    expect(addCalendarMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addCalendarMonths('2026-01-15', -1)).toBe('2025-12-15');
  });
});

describe('isOverdue', () => {
  it('is not overdue on the due date itself, and is the day after', () => {
    expect(isOverdue('2026-02-28', '2026-02-28', true)).toBe(false);
    expect(isOverdue('2026-02-28', '2026-03-01', true)).toBe(true);
  });

  it('is never overdue once answered or withdrawn', () => {
    expect(isOverdue('2026-02-28', '2026-06-01', false)).toBe(false);
  });
});
