import { shippedTaxonomy, tableOf } from '../../test/support/import-fixtures';
import { checkEventTypeMapping, eventTypeResolver, eventWordsIn, mappingFromEventSuggestions, suggestEventTypeMapping } from './event-type-mapping';

const taxonomy = shippedTaxonomy();
const words = (...written: string[]) => written.map((word) => ({ word, rows: 1 }));

describe(suggestEventTypeMapping.name, () => {
  it('suggests a code for the taxonomy’s own words, the words agencies use, and labels with the same words', () => {
    expect(
      suggestEventTypeMapping(words('concern-raised', 'Placed on the Child Protection Register', 'LAC review', 'A&E attendance', 'Exclusion (school)', 'Mentor match started', 'Home visit', 'Review'), taxonomy),
    ).toEqual([
      { word: 'concern-raised', rows: 1, code: 'concern-raised', basis: 'code' },
      { word: 'Placed on the Child Protection Register', rows: 1, code: 'placed-on-child-protection-register', basis: 'label' },
      { word: 'LAC review', rows: 1, code: 'looked-after-review', basis: 'usual' },
      { word: 'A&E attendance', rows: 1, code: 'hospital-attendance', basis: 'usual' },
      { word: 'Exclusion (school)', rows: 1, code: 'exclusion', basis: 'similar' },
      { word: 'Mentor match started', rows: 1, code: 'mentoring-match', basis: 'similar' },
      { word: 'Home visit', rows: 1, code: null, basis: null },
      // One word in common with "Developmental review" and "Looked-after review" is no reason to choose either.
      { word: 'Review', rows: 1, code: null, basis: null },
    ]);
  });

  it('puts the agency’s saved words first, and never suggests a code the taxonomy does not have', () => {
    const suggestions = suggestEventTypeMapping(words('home visit', 'Concern', 'Old word'), taxonomy, { 'Home Visit': 'other', concern: 'mentor-concern', 'old word': 'retired-code' });
    expect(suggestions.map(({ word, code, basis }) => [word, code, basis])).toEqual([
      ['home visit', 'other', 'saved'],
      ['Concern', 'mentor-concern', 'saved'],
      ['Old word', null, null],
    ]);
    expect(mappingFromEventSuggestions(suggestions)).toEqual({ 'home visit': 'other', Concern: 'mentor-concern' });
  });
});

describe(eventWordsIn.name, () => {
  it('lists the distinct words of the event column, most used first, blank cells left out', () => {
    const table = tableOf(['Date', 'Type'], ['2016', 'Home visit'], ['2016', 'Concern'], ['2016', ' home  VISIT '], ['2016', '']);
    expect(eventWordsIn(table, { Type: 'eventType' })).toEqual([
      { word: 'Home visit', rows: 2 },
      { word: 'Concern', rows: 1 },
    ]);
    expect(eventWordsIn(table, { Date: 'eventDate' })).toEqual([]);
  });
});

describe(eventTypeResolver.name, () => {
  it('gives the mapped code, else the taxonomy’s own code or label, else nothing', () => {
    const resolve = eventTypeResolver({ 'Home visit': 'other' }, taxonomy);
    expect(['HOME VISIT', 'Concern raised', 'ird', 'Phone call'].map(resolve)).toEqual(['other', 'concern-raised', 'ird', undefined]);
  });
});

describe(checkEventTypeMapping.name, () => {
  it('names every code the taxonomy does not have', () => {
    expect(checkEventTypeMapping({ Visit: 'other', Old: 'retired-code' }, taxonomy)).toEqual([
      { field: 'mapping.eventTypes.Old', problem: '"retired-code" is not an event type; see GET /api/event-types' },
    ]);
  });
});
