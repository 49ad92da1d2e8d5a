import type { WritableEntryField } from '../access/access-policy';
import { DomainError, ErrorDetail } from '../common/domain-error';
import { ChronologyEntryVersion } from './chronology-entry-version.entity';
import { EntryContentChangesDto } from './dto/amend-entry.dto';
import { EntryContentDto } from './dto/entry-content.dto';
import { contentRuleProblems, normaliseToPrecision } from './entry-rules';
import { EventType } from './event-taxonomy.service';

export { normaliseToPrecision } from './entry-rules';

/** The columns of a version that carry what the practitioner wrote (as opposed to who changed it, when and why). */
export type EntryContent = Pick<
  ChronologyEntryVersion,
  | 'eventDate'
  | 'eventEndDate'
  | 'datePrecision'
  | 'eventTime'
  | 'eventType'
  | 'wellbeingIndicators'
  | 'summary'
  | 'detail'
  | 'significant'
  | 'nature'
  | 'impactOnChild'
  | 'actionTaken'
  | 'noActionReason'
  | 'outcome'
  | 'professionalAnalysis'
  | 'childView'
  | 'informationSource'
  | 'sourceReference'
  | 'sensitivity'
  | 'lawfulBasis'
  | 'namesThirdParties'
>;

export const ENTRY_CONTENT_FIELDS = [
  'eventDate',
  'eventEndDate',
  'datePrecision',
  'eventTime',
  'eventType',
  'wellbeingIndicators',
  'summary',
  'detail',
  'significant',
  'nature',
  'impactOnChild',
  'actionTaken',
  'noActionReason',
  'outcome',
  'professionalAnalysis',
  'childView',
  'informationSource',
  'sourceReference',
  'sensitivity',
  'lawfulBasis',
  'namesThirdParties',
] as const satisfies readonly (keyof EntryContent)[];

/** The access-policy field each content column belongs to (see READABLE_ENTRY_FIELDS). */
export const POLICY_FIELD_OF: Record<keyof EntryContent, WritableEntryField> = {
  eventDate: 'eventDate',
  eventEndDate: 'eventDate',
  datePrecision: 'eventDate',
  eventTime: 'eventDate',
  eventType: 'eventType',
  wellbeingIndicators: 'wellbeingIndicators',
  summary: 'summary',
  detail: 'detail',
  significant: 'significant',
  nature: 'nature',
  impactOnChild: 'impactOnChild',
  actionTaken: 'actionTaken',
  noActionReason: 'actionTaken',
  outcome: 'outcome',
  professionalAnalysis: 'professionalAnalysis',
  childView: 'childView',
  informationSource: 'informationSource',
  sourceReference: 'sourceReference',
  sensitivity: 'sensitivity',
  lawfulBasis: 'lawfulBasis',
  namesThirdParties: 'namesThirdParties',
};

/** The policy fields a set of content fields writes. */
export function policyFieldsOf(contentFields: readonly (keyof EntryContent)[]): WritableEntryField[] {
  return [...new Set(contentFields.map((field) => POLICY_FIELD_OF[field]))];
}

/** The content fields a new entry's request actually supplies (defaults filled in by the server are not "written"). */
export function suppliedFields(dto: EntryContentDto): (keyof EntryContent)[] {
  return ENTRY_CONTENT_FIELDS.filter((field) => dto[field] !== undefined && dto[field] !== null);
}

/** Fields an amendment may change but never clear. */
const REQUIRED_FIELDS = new Set<keyof EntryContent>([
  'eventDate',
  'datePrecision',
  'eventType',
  'wellbeingIndicators',
  'summary',
  'significant',
  'nature',
  'informationSource',
  'sensitivity',
  'namesThirdParties',
]);

export function contentFromDto(dto: EntryContentDto): EntryContent {
  return {
    eventDate: dto.eventDate,
    eventEndDate: dto.eventEndDate ?? null,
    datePrecision: dto.datePrecision ?? 'day',
    eventTime: dto.eventTime ?? null,
    eventType: dto.eventType,
    wellbeingIndicators: dto.wellbeingIndicators ?? [],
    summary: dto.summary.trim(),
    detail: trimmedOrNull(dto.detail),
    significant: dto.significant ?? false,
    nature: dto.nature ?? 'neutral',
    impactOnChild: trimmedOrNull(dto.impactOnChild),
    actionTaken: trimmedOrNull(dto.actionTaken),
    noActionReason: trimmedOrNull(dto.noActionReason),
    outcome: trimmedOrNull(dto.outcome),
    professionalAnalysis: trimmedOrNull(dto.professionalAnalysis),
    childView: trimmedOrNull(dto.childView),
    informationSource: dto.informationSource ?? 'first-hand',
    sourceReference: trimmedOrNull(dto.sourceReference),
    sensitivity: dto.sensitivity ?? 'standard',
    lawfulBasis: trimmedOrNull(dto.lawfulBasis),
    namesThirdParties: dto.namesThirdParties ?? false,
  };
}

/** Applies an amendment's changes to the current content; returns the new content and the names of the fields that differ. */
export function applyChanges(current: EntryContent, changes: EntryContentChangesDto): { content: EntryContent; changedFields: (keyof EntryContent)[] } {
  const problems = clearingProblems(changes);
  const content: EntryContent = { ...current };
  const target = content as unknown as Record<string, unknown>;
  for (const field of ENTRY_CONTENT_FIELDS) {
    if (!(field in changes) || changes[field] === undefined) continue;
    const value = changes[field];
    target[field] = typeof value === 'string' ? value.trim() : value;
  }
  if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', 'The request is not valid', problems);
  const changedFields = ENTRY_CONTENT_FIELDS.filter((field) => !sameValue(current[field], content[field]));
  return { content, changedFields };
}

/** An amendment's changes that clear (null) a field an entry cannot be without. */
export function clearingProblems(changes: Partial<Record<keyof EntryContent, unknown>>): ErrorDetail[] {
  return ENTRY_CONTENT_FIELDS.filter((field) => changes[field] === null && REQUIRED_FIELDS.has(field)).map((field) => ({ field: `changes.${field}`, problem: `${field} cannot be cleared` }));
}

/**
 * Rules across fields, and the taxonomy. Dates are normalised to the start of what the precision
 * says is known, so "March 2025" sorts and filters as 2025-03-01.
 */
export function checkAndNormaliseContent(content: EntryContent, findEventType: (code: string) => EventType | undefined, fieldPrefix = ''): EntryContent {
  const problems: ErrorDetail[] = [];
  if (!findEventType(content.eventType)) {
    problems.push({ field: `${fieldPrefix}eventType`, problem: `no such event type: ${content.eventType}; see GET /api/event-types for the codes` });
  }
  problems.push(...contentRuleProblems(content, fieldPrefix));
  if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', 'The request is not valid', problems);
  return { ...content, eventDate: normaliseToPrecision(content.eventDate, content.datePrecision) };
}

function trimmedOrNull(value: string | null | undefined): string | null {
  return value === undefined || value === null ? null : value.trim();
}

function sameValue(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((item, index) => item === b[index]) : a === b;
}
