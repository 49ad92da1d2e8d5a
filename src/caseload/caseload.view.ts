import { OmitType } from '@nestjs/swagger';
import { ChildView } from '../children/child.view';
import type { Capacity } from '../team/involvement.entity';

/** A child as "My children" lists them: the record without its identifiers, and what is new. */
export class CaseloadChildView extends OmitType(ChildView, ['identifiers'] as const) {
  /** Your current capacities on the child's team (usually one). */
  capacities!: Capacity[];
  /** When the earliest of them began. */
  onTeamSince!: string;
  /** Null where your role reads no chronology. */
  chronology!: CaseloadChronologyView | null;
}

export class CaseloadChronologyView {
  /** The latest entry (in date order) whose date you may read; null when there is none. */
  latestEntry!: { id: string; eventDate: string; eventDateDisplay: string } | null;
  /** Entries other agencies recorded since you last read the chronology, counted over the entries you may read. */
  newFromOtherAgencies!: number;
  /** When you last read the child's chronology (the audit trail's record of it); null if you never have. */
  lastReadAt!: string | null;
}
