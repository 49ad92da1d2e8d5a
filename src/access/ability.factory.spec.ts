import type { Principal } from '../auth/principal';
import type { Role } from '../practitioners/practitioner.entity';
import { defineAbilityFor, entrySubject, permittedEntryFields } from './ability.factory';
import { parseAccessPolicy } from './access-policy';
import type { ChildAccess } from './child-access';
import { writableFieldsOfEntry, writableFieldsOfNewEntry } from './entry-decision';

const policy = parseAccessPolicy(
  {
    version: 1,
    description: 'test policy',
    claims: { minimumReasonLength: 20, 'self-claimed': { durationHours: 24 }, emergency: { durationHours: 4 } },
    rules: [
      {
        id: 'team-outline',
        description: 'd',
        roles: ['practitioner'],
        agencyTypes: 'any',
        actions: ['read'],
        subject: 'Entry',
        fields: ['eventDate', 'summary'],
        when: { relationship: ['involved', 'emergency'], sensitivity: ['standard'] },
      },
      {
        id: 'own-everything',
        description: 'd',
        roles: ['practitioner'],
        agencyTypes: ['health'],
        actions: ['read', 'amend'],
        subject: 'Entry',
        fields: ['eventDate', 'summary', 'detail'],
        when: { relationship: ['involved'], sourceAgency: 'own' },
      },
      { id: 'shared', description: 'd', roles: ['practitioner'], agencyTypes: 'any', actions: ['read'], subject: 'Entry', fields: ['eventDate', 'detail'], when: { sharedWithMyAgency: true } },
      {
        id: 'health-records-outline',
        description: 'd',
        roles: ['practitioner'],
        agencyTypes: ['health'],
        actions: ['create'],
        subject: 'Entry',
        fields: ['eventDate', 'summary'],
        when: { relationship: ['involved'] },
      },
      { id: 'health-records-restricted-detail', description: 'd', roles: ['practitioner'], agencyTypes: ['health'], actions: ['create'], subject: 'Entry', fields: ['detail'], when: { relationship: ['involved'], sensitivity: ['restricted'] } },
      { id: 'admin', description: 'd', roles: ['administrator'], agencyTypes: 'any', actions: ['read', 'create'], subject: 'ChildRecord' },
    ],
  },
  'inline',
);

const user = (role: Role, type: Principal['agency']['type'] = 'health'): Principal => ({
  subject: 's',
  practitionerId: 'p',
  name: 'n',
  role,
  jobTitle: null,
  agency: { id: 'agency-mine', code: 'mine', name: 'Mine', type },
  authenticatedBy: 'bearer',
});

const entry = (over: Partial<Parameters<typeof entrySubject>[0]> = {}) =>
  entrySubject({ sourceAgencyId: 'agency-other', sourceAgencyType: 'police', sensitivity: 'standard', sharedWithMyAgency: false, ...over });

describe(defineAbilityFor.name, () => {
  it('grants only the fields whose rule conditions hold for the entry', () => {
    const ability = defineAbilityFor(policy, user('practitioner'), 'involved');
    expect([...permittedEntryFields(ability, 'read', entry())].sort()).toEqual(['eventDate', 'summary']);
    expect([...permittedEntryFields(ability, 'read', entry({ sensitivity: 'sensitive' }))]).toEqual([]);
    expect([...permittedEntryFields(ability, 'read', entry({ sourceAgencyId: 'agency-mine', sensitivity: 'restricted' }))].sort()).toEqual(['detail', 'eventDate', 'summary']);
    expect([...permittedEntryFields(ability, 'read', entry({ sensitivity: 'restricted', sharedWithMyAgency: true }))].sort()).toEqual(['detail', 'eventDate']);
  });

  it('drops rules whose relationship, role or agency type does not match', () => {
    expect(defineAbilityFor(policy, user('practitioner'), 'emergency').can('read', entry({ sourceAgencyId: 'agency-mine', sensitivity: 'sensitive' }))).toBe(false);
    expect(defineAbilityFor(policy, user('practitioner'), 'none').can('read', entry())).toBe(false);
    expect(defineAbilityFor(policy, user('practitioner', 'education'), 'involved').can('amend', entry({ sourceAgencyId: 'agency-mine' }))).toBe(false);
    expect(defineAbilityFor(policy, user('practitioner'), 'involved').can('amend', entry({ sourceAgencyId: 'agency-mine' }), 'detail')).toBe(true);
    expect(defineAbilityFor(policy, user('practitioner'), 'involved').can('amend', entry(), 'detail')).toBe(false);
  });

  it('gives administrators child records but no case content, and keeps the policy rule id as the reason', () => {
    const ability = defineAbilityFor(policy, user('administrator'), 'none');
    expect(ability.can('create', 'ChildRecord')).toBe(true);
    expect(ability.can('read', 'Entry')).toBe(false);
    expect(ability.relevantRuleFor('read', 'ChildRecord')?.reason).toBe('admin');
  });
});

describe('writable fields', () => {
  const access = (role: Role, type: Principal['agency']['type'], relationship: 'involved' | 'none'): ChildAccess => ({
    childId: 'c',
    relationship,
    claim: null,
    sharedEntryIds: [],
    childDateOfBirth: null,
    ability: defineAbilityFor(policy, user(role, type), relationship),
  });

  it('offers on a new entry every field some sensitivity lets the writer record, and none to whom may not record', () => {
    expect(writableFieldsOfNewEntry(access('practitioner', 'health', 'involved'), user('practitioner'))).toEqual(['eventDate', 'summary', 'detail']);
    expect(writableFieldsOfNewEntry(access('practitioner', 'education', 'involved'), user('practitioner', 'education'))).toEqual([]);
    expect(writableFieldsOfNewEntry(access('practitioner', 'health', 'none'), user('practitioner'))).toEqual([]);
  });

  it("offers on an entry the fields its recording agency may amend, and none to another agency", () => {
    const own = { sourceAgencyId: 'agency-mine', sourceAgencyType: 'health' as const, sensitivity: 'standard' as const, sharedWithMyAgency: false };
    expect(writableFieldsOfEntry(access('practitioner', 'health', 'involved'), own)).toEqual(['eventDate', 'summary', 'detail']);
    expect(writableFieldsOfEntry(access('practitioner', 'health', 'involved'), { ...own, sourceAgencyId: 'agency-other' })).toEqual([]);
  });
});
