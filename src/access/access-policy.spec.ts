import * as fs from 'node:fs';
import * as path from 'node:path';
import { AccessPolicyError, parseAccessPolicy } from './access-policy';

const demoPolicy = (): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'config', 'access-policy.json'), 'utf8'));

function problemsOf(raw: unknown): string {
  try {
    parseAccessPolicy(raw, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(AccessPolicyError);
    return (error as Error).message;
  }
  throw new Error('the policy was accepted');
}

function withRule(change: (rule: Record<string, unknown>) => void): Record<string, unknown> {
  const policy = demoPolicy();
  change((policy.rules as Record<string, unknown>[])[0]);
  return policy;
}

describe(parseAccessPolicy.name, () => {
  it('accepts the shipped policy and expands field groups', () => {
    const policy = parseAccessPolicy(demoPolicy(), 'config/access-policy.json');
    const rule = policy.rules.find((candidate) => candidate.id === 'team-reads-standard-outline');
    expect(rule?.fields).toEqual(expect.arrayContaining(['eventDate', 'summary', 'author']));
    expect(rule?.fields).not.toContain('detail');
  });

  it.each([
    ['an unknown role', (rule: Record<string, unknown>) => (rule.roles = ['practitioner', 'janitor']), 'unknown "janitor"'],
    ['an unknown agency type', (rule: Record<string, unknown>) => (rule.agencyTypes = ['fire-service']), 'unknown "fire-service"'],
    ['an unknown field', (rule: Record<string, unknown>) => (rule.fields = ['eventDate', 'diagnosis']), '"diagnosis" cannot be used to read'],
    ['an unknown condition', (rule: Record<string, unknown>) => (rule.when = { consentGiven: true }), 'unknown conditions "consentGiven"'],
    ['an unknown relationship', (rule: Record<string, unknown>) => (rule.when = { relationship: ['friend'] }), 'unknown "friend"'],
    ['an unknown sensitivity', (rule: Record<string, unknown>) => (rule.when = { sensitivity: ['secret'] }), 'unknown "secret"'],
    ['an unknown action', (rule: Record<string, unknown>) => (rule.actions = ['delete']), 'unknown "delete"'],
    ['an unknown subject', (rule: Record<string, unknown>) => (rule.subject = 'Diary'), 'unknown subject "Diary"'],
    ['a read rule without the date', (rule: Record<string, unknown>) => (rule.fields = ['summary']), 'must include eventDate'],
    ['a rule without a description', (rule: Record<string, unknown>) => delete rule.description, 'description must say'],
    ['a misspelt key', (rule: Record<string, unknown>) => (rule.feilds = ['summary']), 'unknown keys "feilds"'],
    ['writing a server-set field', (rule: Record<string, unknown>) => ((rule.actions = ['create']), (rule.fields = ['eventDate', 'author'])), '"author" cannot be used to create'],
    ['entry conditions on a non-entry subject', (rule: Record<string, unknown>) => ((rule.subject = 'Team'), delete rule.fields, (rule.when = { sensitivity: ['standard'] })), 'unknown conditions "sensitivity" for Team'],
  ])('refuses %s, naming the rule and the problem', (_name, change, problem) => {
    const message = problemsOf(withRule(change));
    expect(message).toContain('rule "team-reads-standard-outline"');
    expect(message).toContain(problem);
  });

  it('refuses a repeated rule id, bad claim settings and a missing version, listing every problem at once', () => {
    const policy = demoPolicy();
    const rules = policy.rules as Record<string, unknown>[];
    rules[1].id = rules[0].id;
    policy.claims = { minimumReasonLength: 20, 'self-claimed': { durationHours: 0 }, emergency: { durationHours: 4 } };
    delete policy.version;
    const message = problemsOf(policy);
    expect(message).toContain('is used twice');
    expect(message).toContain('claims.self-claimed.durationHours');
    expect(message).toContain('version must be 1');
  });

  it('refuses a field group naming an unknown field', () => {
    const policy = demoPolicy();
    (policy.fieldGroups as Record<string, string[]>).outline.push('postcode');
    expect(problemsOf(policy)).toContain('field group "outline": unknown entry fields "postcode"');
  });
});
