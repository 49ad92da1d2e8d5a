import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import { Practitioner } from '../practitioners/practitioner.entity';
import { EntryStatus } from './entry-vocabulary';

/**
 * The identity of a chronology entry: whose it is, who recorded it and when. Its content lives in
 * immutable versions; `currentVersion` points at the one the chronology shows.
 */
@Entity({ name: 'chronology_entries' })
export class ChronologyEntry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Column({ name: 'source_agency_id', type: 'uuid' })
  sourceAgencyId!: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_agency_id' })
  sourceAgency?: Agency;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  @ManyToOne(() => Practitioner, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: Practitioner;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ type: 'text' })
  status!: EntryStatus;

  @Column({ name: 'current_version', type: 'integer' })
  currentVersion!: number;
}
