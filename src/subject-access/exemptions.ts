/**
 * Why a recording agency may withhold an entry from a subject access pack: the exemptions and
 * restrictions of the Data Protection Act 2018 that bear on children's records. A closed list, so
 * a pack can count what it withholds under each, and say nothing else about it.
 */
export const SUBJECT_ACCESS_EXEMPTIONS = {
  'serious-harm': {
    label: 'Likely to cause serious harm to the physical or mental health of you or another person',
    law: 'DPA 2018 Sch. 3 Part 2 para 5 (health data), Part 3 para 7 (social work data) and Part 4 para 10 (education data)',
  },
  'crime-prevention': {
    label: 'Prevention or detection of crime, or the apprehension or prosecution of offenders',
    law: 'DPA 2018 Sch. 2 Part 1 para 2',
  },
  'third-party': {
    label: 'Information about another person who has not agreed to it being shared, where it would not be reasonable to share it without their agreement',
    law: 'DPA 2018 Sch. 2 Part 3 para 16',
  },
  'legal-privilege': {
    label: 'Legal advice or information prepared for legal proceedings (legal professional privilege)',
    law: 'DPA 2018 Sch. 2 Part 4 para 19',
  },
  'child-abuse-data': {
    label: 'Information about child abuse, where a person with parental responsibility asked and sharing it would not be in the child’s best interests',
    law: 'DPA 2018 Sch. 3 Part 5 para 21',
  },
  'court-or-hearing-restriction': {
    label: 'Information that a court or Children’s Hearing has restricted, or that is held under an enactment that restricts its disclosure',
    law: 'DPA 2018 Sch. 4 (enactments restricting disclosure) and Sch. 2 Part 1 para 6 (judicial functions)',
  },
} as const;
export type SubjectAccessExemption = keyof typeof SUBJECT_ACCESS_EXEMPTIONS;
export const EXEMPTION_CODES = Object.keys(SUBJECT_ACCESS_EXEMPTIONS) as SubjectAccessExemption[];

/** Who asked, in relation to the child: the young person, someone with parental responsibility, or someone acting for either (a solicitor or advocate). */
export const REQUESTER_CAPACITIES = ['young-person', 'parental-responsibility', 'representative'] as const;
export type RequesterCapacity = (typeof REQUESTER_CAPACITIES)[number];

export const REQUEST_STATUSES = ['open', 'completed', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
