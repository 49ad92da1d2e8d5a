import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addYears, describeRule, parseRecordsManagement, RetentionClass, retentionClassFor, reviewDate } from './records-management';

const FILE = 'records-management.json';
const shipped = () => JSON.parse(readFileSync(join(__dirname, '../../config', FILE), 'utf8'));
const EVENT_TYPES = new Set(['looked-after-at-home', 'looked-after-away-from-home', 'kinship-care', 'foster-care', 'residential-care', 'looked-after-review', 'permanence-order', 'voluntary-accommodation', 'cso-made', 'cso-made-with-residence-condition', 'cso-continued', 'cso-varied', 'cso-varied-residence-condition', 'cso-terminated', 'concern-raised']);

describe(parseRecordsManagement.name, () => {
  it('reads the shipped file, every class with its source', () => {
    const settings = parseRecordsManagement(shipped(), FILE, EVENT_TYPES);
    expect(settings.retentionClasses.map((retentionClass) => retentionClass.id)).toEqual([
      'looked-after-child-case-record',
      'social-work-record',
      'pupil-progress-record',
      'child-health-record',
      'multi-agency-chronology-entry',
    ]);
    expect(settings.retentionClasses.every((retentionClass) => retentionClass.source.length > 20)).toBe(true);
  });

  it('names every problem at once: a rule of the wrong shape, an unknown event type, a class used twice, a last class that does not apply to everything', () => {
    const raw = shipped();
    raw.retentionClasses[0].rules = [{ kind: 'until-birthday', years: 5 }];
    raw.retentionClasses[1].appliesTo.eventTypes = ['no-such-event'];
    raw.retentionClasses[2].id = raw.retentionClasses[3].id;
    raw.retentionClasses[4].appliesTo = { agencyTypes: ['police'] };
    expect(() => parseRecordsManagement(raw, FILE, EVENT_TYPES)).toThrow(
      /retention class "looked-after-child-case-record": rules must be \{ kind, age \}.*\n.*retention class "social-work-record": appliesTo: unknown event types "no-such-event".*\n.*retention class "child-health-record": id is used twice.*\n.*retention class "multi-agency-chronology-entry": the last class must apply to every entry/,
    );
  });
});

describe(retentionClassFor.name, () => {
  const classes = parseRecordsManagement(shipped(), FILE, EVENT_TYPES).retentionClasses;
  it('puts an entry in the first class that applies', () => {
    expect(retentionClassFor(classes, { agencyType: 'social-work', eventType: 'foster-care' }).id).toBe('looked-after-child-case-record');
    expect(retentionClassFor(classes, { agencyType: 'social-work', eventType: 'concern-raised' }).id).toBe('social-work-record');
    expect(retentionClassFor(classes, { agencyType: 'health', eventType: 'foster-care' }).id).toBe('child-health-record');
    expect(retentionClassFor(classes, { agencyType: 'police', eventType: 'concern-raised' }).id).toBe('multi-agency-chronology-entry');
  });
});

describe(reviewDate.name, () => {
  const health: RetentionClass = {
    id: 'h',
    label: 'h',
    appliesTo: {},
    rules: [{ kind: 'until-birthday', age: 25 }, { kind: 'until-birthday-if-last-entry-from-age', age: 26, fromAge: 17 }],
    source: 's',
  };

  it('keeps a health record to the 25th birthday, or the 26th if the last entry was at 17 or older', () => {
    expect(reviewDate(health, { childDateOfBirth: '2010-05-01', lastEventDate: '2026-05-01' })).toBe('2035-05-01');
    expect(reviewDate(health, { childDateOfBirth: '2010-05-01', lastEventDate: '2027-05-01' })).toBe('2036-05-01');
  });

  it('takes the latest of its rules', () => {
    const rules: RetentionClass = { ...health, rules: [{ kind: 'until-birthday', age: 25 }, { kind: 'years-after-last-entry', years: 6 }] };
    expect(reviewDate(rules, { childDateOfBirth: '2010-05-01', lastEventDate: '2033-01-01' })).toBe('2039-01-01');
  });

  it('counts a 29 February birthday to 28 February in a common year', () => {
    expect(addYears('2028-02-29', 25)).toBe('2053-02-28');
    expect(addYears('2028-02-29', 100)).toBe('2128-02-29');
  });

  it('words each rule', () => {
    expect(health.rules.map(describeRule)).toEqual(["until the child's 25th birthday", "until the child's 26th birthday if the last entry was made when they were 17 or older"]);
  });
});
