import type { Principal } from '../auth/principal';
import type { Role } from '../practitioners/practitioner.entity';
import { defineAbilityFor } from './ability.factory';

const user = (role: Role): Principal => ({
  subject: 's',
  practitionerId: 'p',
  name: 'n',
  role,
  jobTitle: null,
  agency: { id: 'agency-health', code: 'nhs', name: 'NHS', type: 'health' },
  authenticatedBy: 'bearer',
});

describe(defineAbilityFor.name, () => {
  it('lets administrators manage children and teams but not read case content', () => {
    const ability = defineAbilityFor(user('administrator'));
    expect(ability.can('manage', 'ChildRecord')).toBe(true);
    expect(ability.can('manage', 'Team')).toBe(true);
    expect(ability.can('read', 'CaseContent')).toBe(false);
    expect(ability.can('create', 'Entry')).toBe(false);
  });

  it('gives a data protection officer no case content', () => {
    const ability = defineAbilityFor(user('data-protection-officer'));
    expect(ability.can('read', 'CaseContent')).toBe(false);
    expect(ability.can('read', 'ChildRecord')).toBe(false);
  });

  it('lets practitioners amend only their own agency entries', () => {
    const ability = defineAbilityFor(user('practitioner'));
    expect(ability.can('read', 'CaseContent')).toBe(true);
    expect(ability.can('amend', { kind: 'Entry', sourceAgencyId: 'agency-health' })).toBe(true);
    expect(ability.can('amend', { kind: 'Entry', sourceAgencyId: 'agency-police' })).toBe(false);
  });
});
