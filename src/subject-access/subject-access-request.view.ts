import type { SubjectAccessExemption } from './exemptions';
import type { RequesterCapacity, RequestStatus } from './exemptions';

/** A subject access request as the data protection officer tracks it. */
export class SubjectAccessRequestView {
  id!: string;
  childId!: string;
  requester!: { name: string; capacity: RequesterCapacity };
  receivedOn!: string;
  /** One calendar month after receipt, plus any extensions (docs/subject-access.md). */
  dueOn!: string;
  /** Before any extension. */
  firstDueOn!: string;
  /** Open past its due date: listed first, so it stands out. */
  overdue!: boolean;
  /** Days left to the due date (negative once overdue); null once closed. */
  daysLeft!: number | null;
  status!: RequestStatus;
  notes!: string | null;
  recordedBy!: { name: string; agency: string };
  recordedAt!: string;
  closedAt!: string | null;
  extensions!: { months: number; reason: string; by: string; at: string }[];
  /** Entries naming other people that the pack shows in full, each with the reason. */
  releases!: { entryId: string; reason: string; by: string; at: string }[];
  /** Packs produced: each is a disclosure, with its checksum. */
  packs!: { id: string; format: 'pdf' | 'json'; producedAt: string; by: string; sha256: string; bytes: number; withheld: Partial<Record<SubjectAccessExemption, number>> }[];
}
