import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAccessPolicy } from './access-policy';
import { policyInWords } from './policy-in-words';

const file = path.join(__dirname, '..', '..', 'config', 'access-policy.json');
const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { rules: { id: string; description: string }[] };
const words = policyInWords(parseAccessPolicy(raw, file));

describe('the access policy in words, from config/access-policy.json', () => {
  it('has every rule of the policy in force, in its order, with its own description', () => {
    expect(words.rules.map(({ id, description }) => ({ id, description }))).toEqual(raw.rules.map(({ id, description }) => ({ id, description })));
  });

  it('says who may do what, to what, with which fields, and when', () => {
    const byId = Object.fromEntries(words.rules.map((rule) => [rule.id, rule.grant]));
    expect(byId['third-sector-reads-standard-actions']).toBe(
      "Practitioners and managers in third-sector agencies may read entries: event date, action taken and outcome, when they are on the child's team and the entry is standard.",
    );
    expect(byId['own-agency-reads-own-restricted']).toMatch(/^Practitioners, managers and reviewing officers in any agency may read entries: event date, .*, source reference and history, when they are on the child's team, the entry is restricted and their own agency recorded the entry\.$/);
    expect(byId['administrators-manage-teams']).toBe('Administrators in any agency may manage the team around a child.');
    expect(byId['data-protection-officers-review-alerts']).toBe('Data protection officers in any agency may read and review alerts of claimed and emergency access.');
  });

  it('follows the policy when it changes: a rule widened in the file reads wider', () => {
    const widened = JSON.parse(JSON.stringify(raw)) as { rules: { id: string; roles: string[]; when?: { relationship?: string[] } }[] };
    const rule = widened.rules.find((candidate) => candidate.id === 'third-sector-reads-standard-actions')!;
    rule.roles = ['practitioner'];
    rule.when!.relationship = ['involved', 'self-claimed'];
    const grant = policyInWords(parseAccessPolicy(widened, file)).rules.find((candidate) => candidate.id === rule.id)!.grant;
    expect(grant).toBe("Practitioners in third-sector agencies may read entries: event date, action taken and outcome, when they are on the child's team or they have declared a relationship and the entry is standard.");
  });

  it("words the claims' durations and reasons from the policy", () => {
    expect(words.claims[0]).toBe('A relationship a practitioner declares lasts 72 hours; emergency (break-glass) access lasts 4 hours.');
    expect(words.claims[1]).toContain('at least 20 characters');
  });
});
