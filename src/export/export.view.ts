import type { PurposeOfUse } from '../audit/audit-vocabulary';
import type { ChronologyFilters } from '../chronology/chronology.service';

/** The record of one printed chronology: enough to say who disclosed what to whom, and to produce it again. */
export class ExportRecordView {
  id!: string;
  childId!: string;
  producedAt!: string;
  producedBy!: { id: string; name: string; role: string; agency: string };
  audience!: { id: string; label: string; description: string };
  purpose!: string;
  purposeOfUse!: PurposeOfUse;
  producedFor!: string;
  lawfulBasis!: string;
  filters!: ChronologyFilters;
  period!: string;
  /** Every entry the document took account of, in document order, at the version it showed. */
  entries!: { entryId: string; version: number; shown: 'entry' | 'marker' | 'left-out' }[];
  withheldSummary!: string[];
  /** SHA-256 of the access policy file in force when it was made. */
  policySha256!: string;
  /** SHA-256 of the PDF as sent. */
  sha256!: string;
  pages!: number;
  bytes!: number;
  /** GET this to produce the document again from this record. */
  document!: string;
}

export interface RenderedExport {
  exportId: string;
  pdf: Buffer;
  pages: number;
  sha256: string;
}

export class ExportAudienceView {
  id!: string;
  label!: string;
  description!: string;
  purposeOfUse!: PurposeOfUse;
  defaultLawfulBasis!: string;
  /** Fields left out, with the conditions under which they are. */
  leaveOut!: { fields: string[]; when: Record<string, unknown> }[];
}
