import { readUncertainDate } from './uncertain-date';

const TODAY = '2026-12-03';
const read = (text: string) => readUncertainDate(text, TODAY);
const UNREADABLE = 'is not a date that can be read; write it like 22/05/2016, 22 May 2016, May 2016, 2016, ?22/05/2016 or spring 2016';

describe(readUncertainDate.name, () => {
  it.each([
    // exact days, UK order
    ['22/05/2016', '2016-05-22', 'day'],
    ['22/5/2016', '2016-05-22', 'day'],
    ['2/5/2016', '2016-05-02', 'day'],
    ['22-05-2016', '2016-05-22', 'day'],
    ['22.5.16', '2016-05-22', 'day'],
    ['22/05/16', '2016-05-22', 'day'],
    ['2016-05-22', '2016-05-22', 'day'],
    ['2016/05/22', '2016-05-22', 'day'],
    ['22 May 2016', '2016-05-22', 'day'],
    ['22nd May 2016', '2016-05-22', 'day'],
    ['22 May, 2016', '2016-05-22', 'day'],
    ['22-May-16', '2016-05-22', 'day'],
    ['22 Sept 2016', '2016-09-22', 'day'],
    ['1st of March 2016', '2016-03-01', 'day'],
    ['Sunday 22 May 2016', '2016-05-22', 'day'],
    ['Sun, 22 May 2016', '2016-05-22', 'day'],
    ['May 22, 2016', '2016-05-22', 'day'],
    ['  22 MAY 2016  ', '2016-05-22', 'day'],
    // months and years
    ['May 2016', '2016-05-01', 'month'],
    ['may-16', '2016-05-01', 'month'],
    ["May '16", '2016-05-01', 'month'],
    ['Sept. 2016', '2016-09-01', 'month'],
    ['05/2016', '2016-05-01', 'month'],
    ['2016-05', '2016-05-01', 'month'],
    ['in May 2016', '2016-05-01', 'month'],
    ['2016', '2016-01-01', 'year'],
    ['during 2016', '2016-01-01', 'year'],
    // doubt
    ['?22 May 2016', '2016-05-22', 'approximate'],
    ['22/05/2016?', '2016-05-22', 'approximate'],
    ['22/05/2016 (approx)', '2016-05-22', 'approximate'],
    ['c. 22/05/2016', '2016-05-22', 'approximate'],
    ['~22/05/2016', '2016-05-22', 'approximate'],
    ['?May 2016', '2016-05-15', 'approximate'],
    ['approx. May 2016', '2016-05-15', 'approximate'],
    ['c. 2016', '2016-07-01', 'approximate'],
    ['c2016', '2016-07-01', 'approximate'],
    ['ca. 2016', '2016-07-01', 'approximate'],
    ['circa 2016', '2016-07-01', 'approximate'],
    ['about 2016', '2016-07-01', 'approximate'],
    ['?2016', '2016-07-01', 'approximate'],
    ['2016?', '2016-07-01', 'approximate'],
    // parts of a period and seasons
    ['early 2016', '2016-02-15', 'approximate'],
    ['mid-2016', '2016-07-01', 'approximate'],
    ['late 2016', '2016-11-15', 'approximate'],
    ['end of 2016', '2016-11-15', 'approximate'],
    ['early May 2016', '2016-05-05', 'approximate'],
    ['mid May 2016', '2016-05-15', 'approximate'],
    ['end of May 2016', '2016-05-25', 'approximate'],
    ['Spring 2016', '2016-04-15', 'approximate'],
    ['approx. spring 2016', '2016-04-15', 'approximate'],
    ['Summer 2015', '2015-07-15', 'approximate'],
    ['autumn 2015', '2015-10-15', 'approximate'],
    ['winter 2015/16', '2016-01-15', 'approximate'],
    ['Winter 2015-2016', '2016-01-15', 'approximate'],
  ])('reads "%s" as %s (%s)', (text, date, precision) => {
    expect(read(text)).toEqual({ ok: true, date, precision, time: null });
  });

  it('keeps a time of day written after the date', () => {
    expect(read('22/05/2016 14:30')).toEqual({ ok: true, date: '2016-05-22', precision: 'day', time: '14:30' });
    expect(read('2016-05-22T09:05:00Z')).toEqual({ ok: true, date: '2016-05-22', precision: 'day', time: '09:05' });
    expect(read('22 May 2016 2:15pm')).toEqual({ ok: true, date: '2016-05-22', precision: 'day', time: '14:15' });
    expect(read('22 May 2016 12:00 am')).toEqual({ ok: true, date: '2016-05-22', precision: 'day', time: '00:00' });
  });

  it('reads a two-digit year as the latest such year that is not in the future', () => {
    expect(read('01/02/26')).toMatchObject({ date: '2026-02-01' });
    expect(read('01/02/27')).toMatchObject({ date: '1927-02-01' });
    expect(readUncertainDate('01/02/27', '2027-06-01')).toMatchObject({ date: '2027-02-01' });
  });

  it('places an approximate period that has begun at today at the latest, never in the future', () => {
    expect(read('?Dec 2026')).toEqual({ ok: true, date: TODAY, precision: 'approximate', time: null });
    expect(read('end of December 2026')).toEqual({ ok: true, date: TODAY, precision: 'approximate', time: null });
    expect(read('late 2026')).toEqual({ ok: true, date: '2026-11-15', precision: 'approximate', time: null });
    expect(read('c. 2026')).toEqual({ ok: true, date: '2026-07-01', precision: 'approximate', time: null });
    // A period that has not begun stays in the future, for the entry's own rule to refuse.
    expect(read('?2027')).toMatchObject({ date: '2027-07-01' });
  });

  it.each([
    ['31/02/2016', '"31/02/2016" is not a real date: February 2016 has 29 days'],
    ['29/02/2015', '"29/02/2015" is not a real date: February 2015 has 28 days'],
    ['32/01/2016', '"32/01/2016" is not a real date: January 2016 has 31 days'],
    ['05/22/2016', '"05/22/2016" is not a real date: there is no month 22 (dates are read day first, as DD/MM/YYYY)'],
    ['13/2016', '"13/2016" is not a real date: there is no month 13 (dates are read day first, as DD/MM/YYYY)'],
    ['Monday 22 May 2016', '"Monday 22 May 2016" is not a real date: 22 May 2016 was a Sunday, not a Monday'],
    ['22/05/2016 25:00', '"22/05/2016 25:00" has a time of day that is not a real time; write it as HH:MM, e.g. 14:30'],
    ['May 16', '"May 16" could be a day of a month or a month of a year: write the year in full (May 2016) or the whole date'],
    ['winter 2015', '"winter 2015" could mean the start or the end of 2015: write "winter 2015/16", a month or a date'],
    ['winter 2015/17', '"winter 2015/17" is not a winter: a winter runs from one year into the next, as in "winter 2015/16"'],
    ['summer 2015/16', '"summer 2015/16" names two years, but summer falls in one: write "summer 2015"'],
    ['early summer 2015', '"early summer 2015" puts "early", "mid" or "late" before a season; write "summer 2015" or the month'],
    ['early 22 May 2016', '"early 22 May 2016" puts "early", "mid" or "late" before a day; they go with a month or a year'],
    ['22/05', '"22/05" has no year'],
    ['22 May', '"22 May" has no year'],
    ['42512', '"42512" looks like a spreadsheet\'s number for a date: format the column as dates in the spreadsheet, save it, and upload it again'],
    ['2015 - 2016', '"2015 - 2016" looks like a period: put its start here and its end in a column mapped to the end date'],
    ['May to June 2016', '"May to June 2016" looks like a period: put its start here and its end in a column mapped to the end date'],
    ['last Tuesday', `"last Tuesday" ${UNREADABLE}`],
    ['?', `"?" ${UNREADABLE}`],
    ['20160522', `"20160522" ${UNREADABLE}`],
  ])('refuses "%s" in plain words', (text, problem) => {
    expect(read(text)).toEqual({ ok: false, problem });
  });
});
