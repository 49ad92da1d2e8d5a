import type { RetentionClass } from './records-management';
import { dueForReview, ReviewEntry, reviewRecords } from './retention-review';

const CLASSES: RetentionClass[] = [
  { id: 'health', label: 'Health', appliesTo: { agencyTypes: ['health'] }, rules: [{ kind: 'until-birthday', age: 25 }], source: 's' },
  { id: 'other', label: 'Other', appliesTo: {}, rules: [{ kind: 'years-after-last-entry', years: 6 }], source: 's' },
];
const entry = (overrides: Partial<ReviewEntry>): ReviewEntry => ({
  entryId: 'e1',
  childId: 'c1',
  childDateOfBirth: '2019-06-15',
  agencyId: 'hv',
  agencyType: 'health',
  eventType: 'health-assessment',
  eventDate: '2025-02-03',
  ...overrides,
});

describe(reviewRecords.name, () => {
  const entries = [entry({}), entry({ entryId: 'e2', agencyId: 'police', agencyType: 'police', eventDate: '2025-03-01' }), entry({ entryId: 'e3', agencyId: 'police', agencyType: 'police', eventDate: '2040-01-01' })];

  it('groups a child’s entries by class, each reviewed on its rule’s date (the latest entry for years-after-last-entry)', () => {
    expect(reviewRecords(entries, CLASSES, [], []).map(({ retentionClass, reviewDate, entryIds }) => ({ retentionClass, reviewDate, entryIds }))).toEqual([
      { retentionClass: 'health', reviewDate: '2044-06-15', entryIds: ['e1'] },
      { retentionClass: 'other', reviewDate: '2046-01-01', entryIds: ['e2', 'e3'] },
    ]);
  });

  it('lists what has reached review on the day given, not the day before', () => {
    const records = reviewRecords(entries, CLASSES, [], []);
    expect(dueForReview(records, '2044-06-14')).toEqual([]);
    expect(dueForReview(records, '2044-06-15').map((record) => record.retentionClass)).toEqual(['health']);
  });

  it('takes a later extension, never an earlier one', () => {
    const extended = reviewRecords(entries, CLASSES, [{ childId: 'c1', retentionClass: 'health', extendedTo: '2050-01-01' }, { childId: 'c1', retentionClass: 'health', extendedTo: '2030-01-01' }], []);
    expect(extended[0].reviewDate).toBe('2046-01-01');
    expect(extended.find((record) => record.retentionClass === 'health')!.reviewDate).toBe('2050-01-01');
  });

  it('names the standing holds on a record: on the child, on an agency whose entries it holds, on everything', () => {
    const holds = [
      { id: 'child-hold', scope: 'child' as const, childId: 'c1', agencyId: null },
      { id: 'police-hold', scope: 'agency' as const, childId: null, agencyId: 'police' },
      { id: 'other-child', scope: 'child' as const, childId: 'c2', agencyId: null },
    ];
    const records = reviewRecords(entries, CLASSES, [], holds);
    expect(records.map((record) => record.heldBy)).toEqual([['child-hold'], ['child-hold', 'police-hold']]);
    expect(reviewRecords(entries, CLASSES, [], [{ id: 'all', scope: 'all', childId: null, agencyId: null }]).every((record) => record.heldBy.includes('all'))).toBe(true);
  });
});
