import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseEventTaxonomy, TaxonomyError } from './event-taxonomy.service';

describe(parseEventTaxonomy.name, () => {
  it('accepts the shipped taxonomy', () => {
    const file = path.resolve(__dirname, '..', '..', 'config', 'event-types.json');
    const types = parseEventTaxonomy(JSON.parse(fs.readFileSync(file, 'utf8')), file);
    expect(types.length).toBeGreaterThan(40);
  });

  it('lists every problem of a bad file', () => {
    const bad = [
      { code: 'ok-code', label: 'Fine', category: 'health' },
      { code: 'ok-code', label: 'Repeated', category: 'health' },
      { code: 'Bad Code', label: '', category: 'health', colour: 'red' },
    ];
    expect(() => parseEventTaxonomy(bad, 'x.json')).toThrow(TaxonomyError);
    expect(() => parseEventTaxonomy(bad, 'x.json')).toThrow(/repeated[\s\S]*unknown keys "colour"[\s\S]*kebab-case[\s\S]*label/);
  });

  it('rejects an empty or non-array file', () => {
    expect(() => parseEventTaxonomy([], 'x.json')).toThrow(/non-empty JSON array/);
    expect(() => parseEventTaxonomy({}, 'x.json')).toThrow(/non-empty JSON array/);
  });
});
