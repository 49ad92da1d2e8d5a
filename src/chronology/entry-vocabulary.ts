/** Closed vocabularies of a chronology entry. Event types are open and live in config/event-types.json. */
export const DATE_PRECISIONS = ['day', 'month', 'year', 'approximate'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/** GIRFEC's SHANARRI wellbeing indicators. */
export const WELLBEING_INDICATORS = ['safe', 'healthy', 'achieving', 'nurtured', 'active', 'respected', 'responsible', 'included'] as const;
export type WellbeingIndicator = (typeof WELLBEING_INDICATORS)[number];

export const NATURES = ['positive', 'negative', 'neutral'] as const;
export type Nature = (typeof NATURES)[number];

export const INFORMATION_SOURCES = ['first-hand', 'reported'] as const;
export type InformationSource = (typeof INFORMATION_SOURCES)[number];

// Sensitivity belongs to the access policy, which decides what each level lets a reader see.
export { SENSITIVITIES, type Sensitivity } from '../access/access-policy';

export const ENTRY_STATUSES = ['current', 'amended', 'entered-in-error'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const VERSION_CHANGES = ['created', 'amended', 'entered-in-error'] as const;
export type VersionChange = (typeof VERSION_CHANGES)[number];
