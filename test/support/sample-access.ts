import * as fs from 'node:fs';
import * as path from 'node:path';
import { defineAbilityFor } from '../../src/access/ability.factory';
import { parseAccessPolicy, Relationship } from '../../src/access/access-policy';
import type { ChildAccess } from '../../src/access/child-access';
import type { Principal } from '../../src/auth/principal';

const POLICY_FILE = path.resolve(__dirname, '..', '..', 'config', 'access-policy.json');

/** A police practitioner, as the shipped policy sees them. */
export const SAMPLE_POLICE_USER: Principal = {
  subject: 'sample-police-officer',
  practitionerId: '00000000-0000-4000-8000-00000000000a',
  name: 'Sample Officer',
  role: 'practitioner',
  jobTitle: null,
  agency: { id: '00000000-0000-4000-8000-0000000000a9', code: 'police-scotland', name: 'Police Scotland', type: 'police' },
  authenticatedBy: 'bearer',
};

/** One caller's access to one child under the shipped policy, with one entry shared with the caller's agency: for assembling statements without a database. */
export function sampleAccess(relationship: Relationship = 'involved', user: Principal = SAMPLE_POLICE_USER): ChildAccess {
  const policy = parseAccessPolicy(JSON.parse(fs.readFileSync(POLICY_FILE, 'utf8')), POLICY_FILE);
  return {
    childId: '00000000-0000-4000-8000-0000000000c1',
    relationship,
    claim: null,
    sharedEntryIds: ['00000000-0000-4000-8000-0000000000e5'],
    childDateOfBirth: '2015-06-01',
    ability: defineAbilityFor(policy, user, relationship),
  };
}
