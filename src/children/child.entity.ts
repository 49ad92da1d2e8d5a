import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { ChildIdentifier } from './child-identifier.entity';

@Entity({ name: 'children' })
export class Child {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'given_name', type: 'text' })
  givenName!: string;

  @Column({ name: 'family_name', type: 'text' })
  familyName!: string;

  @Column({ name: 'known_as', type: 'text', nullable: true })
  knownAs!: string | null;

  /** Kept as `YYYY-MM-DD` text in JS so no time zone shifts it. */
  @Column({ name: 'date_of_birth', type: 'date' })
  dateOfBirth!: string;

  @OneToMany(() => ChildIdentifier, (identifier) => identifier.child, { cascade: ['insert'] })
  identifiers?: ChildIdentifier[];

  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
