import type { Sensitivity } from '../access/access-policy';
import type { DatePrecision, InformationSource, Nature, WellbeingIndicator } from '../chronology/entry-vocabulary';

/** The words a page uses for an entry's closed vocabularies (src/chronology/entry-vocabulary.ts). */

export const NATURE_LABELS: Record<Nature, string> = { positive: 'Positive', negative: 'Negative', neutral: 'Neutral' };

export const DATE_PRECISION_LABELS: Record<DatePrecision, string> = {
  day: 'The exact day',
  month: 'The month only',
  year: 'The year only',
  approximate: 'Roughly when (a best guess at the day)',
};

export const SENSITIVITY_LABELS: Record<Sensitivity, string> = { standard: 'Standard', sensitive: 'Sensitive', restricted: 'Restricted' };

// Which level lets whom read what is the access policy's to say (docs/access-policy.md): these only describe the levels.
export const SENSITIVITY_HINTS: Record<Sensitivity, string> = {
  standard: 'The usual level.',
  sensitive: 'Read more narrowly: the access policy decides who on the team reads its text.',
  restricted: 'Read most narrowly: others may learn only that your agency holds restricted information.',
};

export const INFORMATION_SOURCE_LABELS: Record<InformationSource, string> = { 'first-hand': 'First-hand', reported: 'Reported by someone else' };

export const WELLBEING_LABELS: Record<WellbeingIndicator, string> = {
  safe: 'Safe',
  healthy: 'Healthy',
  achieving: 'Achieving',
  nurtured: 'Nurtured',
  active: 'Active',
  respected: 'Respected',
  responsible: 'Responsible',
  included: 'Included',
};

/** What a page calls each policy field of an entry ("Why can't I see this?", withheld notices). */
export const ENTRY_FIELD_LABELS: Record<string, string> = {
  eventDate: 'Date',
  eventType: 'Event type',
  sensitivity: 'Sensitivity',
  significant: 'Significant',
  lawfulBasis: 'Lawful basis for sharing',
  summary: 'Summary',
  nature: 'Positive, negative or neutral',
  wellbeingIndicators: 'Wellbeing indicators',
  informationSource: 'Source of the information',
  author: 'Who recorded it',
  detail: 'Detail',
  impactOnChild: 'Impact on the child',
  actionTaken: 'Action taken',
  outcome: 'Outcome',
  childView: "The child's or family's view",
  namesThirdParties: 'Names third parties',
  professionalAnalysis: 'Professional analysis',
  sourceReference: 'Reference in the agency’s own record',
  history: 'History',
};
