import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const AGENCY_TYPES = ['health', 'education', 'police', 'social-work', 'third-sector'] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];

@Entity({ name: 'agencies' })
export class Agency {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The value identity providers put in the agency claim. */
  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  type!: AgencyType;

  /** Whom a reader asks about information this agency holds. */
  @Column({ type: 'text', nullable: true })
  contact!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
