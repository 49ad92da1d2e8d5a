import type { ImportField } from './column-mapping';

/**
 * Column names case reviewers and agencies' systems use, for each entry field, as matchingKey()
 * gives them. A column whose name is one of these is suggested for that field; one whose name
 * contains one ("Date of event (DD/MM/YYYY)") is suggested when nothing fits better. A word that
 * could name two fields ("event") is listed under both and goes to whichever is still free.
 */
export const COLUMN_NAMES: Readonly<Record<ImportField, readonly string[]>> = {
  eventDate: ['date', 'date of event', 'event date', 'date of incident', 'incident date', 'date or period', 'date period', 'when', 'start date', 'date from', 'from', 'date occurred', 'date started'],
  eventEndDate: ['end date', 'date to', 'to', 'until', 'date ended', 'end', 'finish date', 'end of period'],
  eventTime: ['time', 'time of event', 'time of incident', 'event time'],
  eventType: ['event type', 'type of event', 'type', 'category', 'event category', 'event', 'type of contact', 'contact type'],
  summary: ['summary', 'what happened', 'significant event', 'event summary', 'description', 'brief description', 'key event', 'event description', 'incident', 'significant events', 'event details', 'event'],
  detail: ['details', 'detail', 'further details', 'full details', 'notes', 'narrative', 'more information', 'additional information', 'comments'],
  wellbeingIndicators: ['wellbeing indicators', 'wellbeing', 'shanarri', 'wellbeing indicator', 'girfec wellbeing indicators', 'shanarri indicators'],
  significant: ['significant', 'significant event y n', 'is significant', 'key event y n', 'significance'],
  nature: ['nature', 'positive or negative', 'positive negative', 'positive negative neutral', 'strength or concern', 'type of impact'],
  impactOnChild: ['impact on child', 'impact', 'impact on the child', 'impact on young person', 'impact on child or young person', 'impact on cyp', 'effect on child', 'impact on child young person'],
  actionTaken: ['action', 'action taken', 'actions', 'actions taken', 'response', 'what was done', 'action and outcome'],
  noActionReason: ['reason no action', 'reason for no action', 'why no action', 'no action reason', 'reason no action taken', 'if no action why'],
  outcome: ['outcome', 'outcomes', 'result', 'outcome review', 'review'],
  professionalAnalysis: ['professional analysis', 'analysis', 'worker analysis', 'professional view', 'professional opinion', 'assessment of impact'],
  childView: ['childs view', 'childs views', 'child view', 'views of child', 'views of the child', 'voice of the child', 'childs voice', 'young persons view', 'young persons views', 'child or family view', 'family view'],
  informationSource: ['information source', 'first hand or reported', 'first hand reported', 'how known', 'source of information type'],
  sourceReference: ['ref', 'reference', 'source ref', 'source reference', 'record ref', 'record reference', 'case ref', 'system ref', 'record number', 'record id', 'id', 'ref no', 'reference number'],
  sensitivity: ['sensitivity', 'sensitive', 'sensitivity level'],
  lawfulBasis: ['lawful basis', 'legal basis', 'basis for sharing', 'lawful basis for sharing'],
  namesThirdParties: ['names third parties', 'third parties', 'third party information', 'third party', 'third parties named'],
};
