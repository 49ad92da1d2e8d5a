import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const SHARING_DECISIONS = ['shared', 'refused'] as const;
export type SharingDecisionKind = (typeof SHARING_DECISIONS)[number];

/**
 * A decision by the recording agency to share an entry beyond its default audience, or not to:
 * what GIRFEC guidance says a share must record. Append-only (database trigger).
 */
@Entity({ name: 'sharing_decisions' })
export class SharingDecision {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'entry_id', type: 'uuid' })
  entryId!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Column({ name: 'recipient_agency_id', type: 'uuid' })
  recipientAgencyId!: string;

  @Column({ type: 'text' })
  decision!: SharingDecisionKind;

  /** Why it was shared, or why sharing was refused. */
  @Column({ type: 'text' })
  purpose!: string;

  /** Why sharing is necessary and proportionate (required when shared). */
  @Column({ type: 'text', nullable: true })
  necessity!: string | null;

  @Column({ name: 'lawful_basis', type: 'text', nullable: true })
  lawfulBasis!: string | null;

  @Column({ name: 'family_informed', type: 'boolean' })
  familyInformed!: boolean;

  @Column({ name: 'family_not_informed_reason', type: 'text', nullable: true })
  familyNotInformedReason!: string | null;

  @Column({ name: 'family_views', type: 'text', nullable: true })
  familyViews!: string | null;

  @Column({ name: 'decided_by_id', type: 'uuid' })
  decidedById!: string;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;
}
