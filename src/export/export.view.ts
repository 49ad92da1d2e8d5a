import type { PurposeOfUse } from '../audit/audit-vocabulary';
import type { ChronologyFilters } from '../chronology/entry-sql';
import type { WithheldNotices } from './export-audiences';

/** The record of one printed chronology: enough to say who disclosed what to whom, and to produce it again. */
export class ExportRecordView {
  id!: string;
  childId!: string;
  producedAt!: string;
  /** As printed in the title block: the role is the job title where the producer had one. */
  producedBy!: { id: string; name: string; role: string; agency: string };
  audience!: { id: string; label: string; description: string };
  purpose!: string;
  purposeOfUse!: PurposeOfUse;
  producedFor!: string;
  lawfulBasis!: string;
  filters!: ChronologyFilters;
  period!: string;
  /**
   * The entries of the document that you may read now, in document order, at the version it shows,
   * and how it shows them to you: in the table (entry) or left out of this audience's copy (left-out).
   */
  entries!: { entryId: string; version: number; shown: 'entry' | 'left-out' }[];
  /** Says that only those entries are listed; the same words whether or not the document covers others. */
  entriesNote!: string;
  /** SHA-256 of the access policy file in force when it was made. */
  policySha256!: string;
  /**
   * SHA-256, pages and size of the PDF as sent: to its producer only (null for anyone else, whom
   * they would tell how much the original held that is withheld from them).
   */
  sha256!: string | null;
  pages!: number | null;
  bytes!: number | null;
  /** GET this to produce the document again from this record. */
  document!: string;
}

/** One printed copy, as the list of a child's copies shows it. */
export class ExportSummaryView {
  id!: string;
  producedAt!: string;
  producedBy!: { name: string; agency: string };
  audience!: { id: string; label: string };
  purpose!: string;
  producedFor!: string;
  lawfulBasis!: string;
  filters!: ChronologyFilters;
  period!: string;
  /** As in the record: to the copy's producer only. */
  sha256!: string | null;
  pages!: number | null;
  bytes!: number | null;
  /** GET this to produce the document again from its record. */
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
  /** itemised: withheld cells and entries name the agency that holds them; general: one statement for the whole copy, naming and counting nothing. */
  withheldNotices!: WithheldNotices;
  /** Fields left out, with the conditions under which they are. */
  leaveOut!: { fields: string[]; when: Record<string, unknown> }[];
}
