import { readChoice, readWellbeingIndicators, readYesNo } from './cell-values';
import { readTimeOfDay } from './time-of-day';

describe('reading cells', () => {
  it.each(['Yes', 'y', 'TRUE', '1', 'x', '\u2713'])('reads "%s" as yes', (text) => expect(readYesNo(text)).toEqual({ ok: true, value: true }));
  it.each(['No', 'n', 'FALSE', '0'])('reads "%s" as no', (text) => expect(readYesNo(text)).toEqual({ ok: true, value: false }));
  it('refuses anything else as yes or no', () => expect(readYesNo(' maybe ')).toEqual({ ok: false, problem: '"maybe" is not yes or no' }));

  it('reads the entry’s closed vocabularies without regard to case or spacing', () => {
    expect(readChoice('nature', 'Positive')).toEqual({ ok: true, value: 'positive' });
    expect(readChoice('nature', 'concern')).toEqual({ ok: true, value: 'negative' });
    expect(readChoice('informationSource', 'First hand')).toEqual({ ok: true, value: 'first-hand' });
    expect(readChoice('informationSource', 'second-hand')).toEqual({ ok: true, value: 'reported' });
    expect(readChoice('sensitivity', 'RESTRICTED')).toEqual({ ok: true, value: 'restricted' });
    expect(readChoice('sensitivity', 'secret')).toEqual({ ok: false, problem: '"secret" is not one of standard, sensitive, restricted' });
  });

  it('reads wellbeing indicators however they are separated, once each', () => {
    expect(readWellbeingIndicators('Safe, Healthy / nurtured; safe and Included\nActive & Respected')).toEqual({
      ok: true,
      value: ['safe', 'healthy', 'nurtured', 'included', 'active', 'respected'],
    });
    expect(readWellbeingIndicators('safe, happy, loved')).toEqual({
      ok: false,
      problem: '"happy", "loved" are not wellbeing indicators; use safe, healthy, achieving, nurtured, active, respected, responsible, included',
    });
  });

  it.each([
    ['14:30', '14:30'],
    ['9:05', '09:05'],
    ['09.05', '09:05'],
    ['14:30:59', '14:30'],
    ['2:15 pm', '14:15'],
    ['12:00am', '00:00'],
    ['12:30 PM', '12:30'],
  ])('reads the time "%s" as %s', (text, time) => expect(readTimeOfDay(text)).toEqual({ ok: true, time }));

  it.each(['24:00', '9:60', '13:00 pm', 'noon', '1430'])('refuses "%s" as a time', (text) => {
    expect(readTimeOfDay(text)).toEqual({ ok: false, problem: `"${text}" is not a time of day; write it as HH:MM, e.g. 14:30` });
  });
});
