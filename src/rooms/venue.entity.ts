import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('venues')
export class Venue {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The owning organisation (organizations module), by id. */
  @Column('uuid')
  organizationId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  street!: string;

  @Column('text')
  postalCode!: string;

  @Column('text')
  city!: string;

  @Column('text')
  district!: string;

  @Column('text', { nullable: true })
  accessibilityNotes!: string | null;

  @Column('text', { nullable: true })
  description!: string | null;

  /** The value of an hour in its rooms for the in-kind report; null: the agency default. */
  @Column('integer', { nullable: true })
  inKindHourlyRateCents!: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
