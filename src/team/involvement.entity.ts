import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Practitioner } from '../practitioners/practitioner.entity';

export const CAPACITIES = [
  'named-person',
  'lead-professional',
  'allocated-social-worker',
  'health-visitor',
  'school-nurse',
  'gp',
  'class-teacher',
  'guidance-teacher',
  'police-contact',
  'mentor',
  'family-support-worker',
  'team-manager',
  'reviewing-officer',
] as const;
export type Capacity = (typeof CAPACITIES)[number];

/** A practitioner's part in the team around a child, for a bounded period. */
@Entity({ name: 'involvements' })
export class Involvement {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Column({ name: 'practitioner_id', type: 'uuid' })
  practitionerId!: string;

  @ManyToOne(() => Practitioner, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'practitioner_id' })
  practitioner?: Practitioner;

  @Column({ type: 'text' })
  capacity!: Capacity;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn!: string | null;

  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
