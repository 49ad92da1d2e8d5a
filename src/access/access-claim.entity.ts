import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ClaimKind } from './access-policy';

/**
 * A practitioner's self-claimed relationship with, or emergency access to, a child they are not on
 * the team of. Append-only (database trigger): the claim and its reason are what the data
 * protection officer reviews.
 */
@Entity({ name: 'access_claims' })
export class AccessClaim {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Column({ name: 'practitioner_id', type: 'uuid' })
  practitionerId!: string;

  @Column({ type: 'text' })
  kind!: ClaimKind;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'granted_at', type: 'timestamptz' })
  grantedAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
