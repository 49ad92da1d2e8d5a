import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Child } from './child.entity';

/** chi: Community Health Index; nhs: NHS number; scn: Scottish candidate number; police-ref: police reference. */
export const IDENTIFIER_SCHEMES = ['chi', 'nhs', 'scn', 'police-ref'] as const;
export type IdentifierScheme = (typeof IDENTIFIER_SCHEMES)[number];

@Entity({ name: 'child_identifiers' })
export class ChildIdentifier {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @ManyToOne(() => Child, (child) => child.identifiers, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'child_id' })
  child?: Child;

  @Column({ type: 'text' })
  scheme!: IdentifierScheme;

  @Column({ type: 'text' })
  value!: string;
}
