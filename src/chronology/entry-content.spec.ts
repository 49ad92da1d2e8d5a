import { DomainError } from '../common/domain-error';
import { applyChanges, checkAndNormaliseContent, contentFromDto, normaliseToPrecision } from './entry-content';

const findEventType = (code: string) => (code === 'concern-raised' ? { code, label: 'Concern raised', category: 'child-protection' } : undefined);
const base = contentFromDto({ eventDate: '2025-03-14', eventType: 'concern-raised', summary: ' Concern noted ', actionTaken: 'Referred' });

describe('entry content', () => {
  it('fills defaults and trims text', () => {
    expect(base).toMatchObject({ datePrecision: 'day', significant: false, nature: 'neutral', sensitivity: 'standard', summary: 'Concern noted', wellbeingIndicators: [] });
  });

  it('normalises dates to the start of what the precision says is known', () => {
    expect(normaliseToPrecision('2025-03-14', 'month')).toBe('2025-03-01');
    expect(normaliseToPrecision('2025-03-14', 'year')).toBe('2025-01-01');
    expect(normaliseToPrecision('2025-03-14', 'approximate')).toBe('2025-03-14');
    expect(checkAndNormaliseContent({ ...base, datePrecision: 'month' }, findEventType).eventDate).toBe('2025-03-01');
  });

  it.each([
    ['an unknown event type', { eventType: 'nope' }, 'eventType'],
    ['an end before the start', { eventEndDate: '2025-01-01' }, 'eventEndDate'],
    ['no action and no reason', { actionTaken: null }, 'actionTaken'],
    ['both action and reason', { noActionReason: 'none' }, 'noActionReason'],
  ])('rejects %s', (_name, change, field) => {
    try {
      checkAndNormaliseContent({ ...base, ...change }, findEventType);
      throw new Error('expected a DomainError');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details.map((detail) => detail.field)).toContain(field);
    }
  });

  it('applies changes, reports which fields differ, and clears optional fields with null', () => {
    const { content, changedFields } = applyChanges({ ...base, outcome: 'Open' }, { summary: 'New summary', outcome: null as never, significant: false });
    expect(content.summary).toBe('New summary');
    expect(content.outcome).toBeNull();
    expect(changedFields.sort()).toEqual(['outcome', 'summary']);
  });

  it('refuses to clear a required field', () => {
    expect(() => applyChanges(base, { summary: null as never })).toThrow(DomainError);
  });
});
