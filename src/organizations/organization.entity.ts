import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Membership } from './membership.entity';

export const ORGANIZATION_KINDS = [
  'migrant_self_organization',
  'association',
  'initiative',
  'religious_community',
  'public_facility',
  'other',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

@Entity('organizations')
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  kind!: OrganizationKind;

  /** ISO 639-1 codes of the languages the organisation works in. */
  @Column('text', { array: true, default: () => "'{}'" })
  languages!: string[];

  /** Fields of activity, short tags (e.g. "education", "culture"). */
  @Column('text', { array: true, default: () => "'{}'" })
  fields!: string[];

  @Column('text', { nullable: true })
  district!: string | null;

  @Column('text', { nullable: true })
  description!: string | null;

  /** Self-described, optional; never required and never inferred. */
  @Column('text', { array: true, default: () => "'{}'" })
  originRegions!: string[];

  @Column('text', { nullable: true })
  contactEmail!: string | null;

  @Column('text', { nullable: true })
  contactPhone!: string | null;

  @Column('text', { nullable: true })
  website!: string | null;

  @Column('timestamptz', { nullable: true })
  verifiedAt!: Date | null;

  @Column('uuid', { nullable: true })
  verifiedBy!: string | null;

  /** The volunteer agency itself, which books the forum's rooms (at most one). */
  @Column('boolean', { default: false })
  isAgency!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @OneToMany(() => Membership, (membership) => membership.organization)
  memberships?: Membership[];
}
