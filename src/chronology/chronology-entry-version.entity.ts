import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Practitioner } from '../practitioners/practitioner.entity';
import { DatePrecision, InformationSource, Nature, Sensitivity, VersionChange, WellbeingIndicator } from './entry-vocabulary';

/** One immutable snapshot of an entry's content; the database refuses UPDATE and DELETE on these rows. */
@Entity({ name: 'chronology_entry_versions' })
export class ChronologyEntryVersion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'entry_id', type: 'uuid' })
  entryId!: string;

  @Column({ name: 'version_number', type: 'integer' })
  versionNumber!: number;

  @Column({ type: 'text' })
  change!: VersionChange;

  @Column({ name: 'change_reason', type: 'text', nullable: true })
  changeReason!: string | null;

  @Column({ name: 'changed_by_id', type: 'uuid' })
  changedById!: string;

  @ManyToOne(() => Practitioner, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'changed_by_id' })
  changedBy?: Practitioner;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;

  @Column({ name: 'event_date', type: 'date' })
  eventDate!: string;

  @Column({ name: 'event_end_date', type: 'date', nullable: true })
  eventEndDate!: string | null;

  @Column({ name: 'date_precision', type: 'text' })
  datePrecision!: DatePrecision;

  @Column({ name: 'event_time', type: 'text', nullable: true })
  eventTime!: string | null;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ name: 'wellbeing_indicators', type: 'text', array: true })
  wellbeingIndicators!: WellbeingIndicator[];

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @Column({ type: 'boolean' })
  significant!: boolean;

  @Column({ type: 'text' })
  nature!: Nature;

  @Column({ name: 'impact_on_child', type: 'text', nullable: true })
  impactOnChild!: string | null;

  @Column({ name: 'action_taken', type: 'text', nullable: true })
  actionTaken!: string | null;

  @Column({ name: 'no_action_reason', type: 'text', nullable: true })
  noActionReason!: string | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ name: 'professional_analysis', type: 'text', nullable: true })
  professionalAnalysis!: string | null;

  @Column({ name: 'child_view', type: 'text', nullable: true })
  childView!: string | null;

  @Column({ name: 'information_source', type: 'text' })
  informationSource!: InformationSource;

  @Column({ name: 'source_reference', type: 'text', nullable: true })
  sourceReference!: string | null;

  @Column({ type: 'text' })
  sensitivity!: Sensitivity;

  @Column({ name: 'lawful_basis', type: 'text', nullable: true })
  lawfulBasis!: string | null;

  @Column({ name: 'names_third_parties', type: 'boolean' })
  namesThirdParties!: boolean;
}
