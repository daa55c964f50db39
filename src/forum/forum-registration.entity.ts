import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

@Entity('forum_registrations')
export class ForumRegistration {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  sessionId!: string;

  /** Order of arrival (a sequence, drawn under the session's lock): the waitlist's order. */
  @Column({ type: 'bigint', insert: false, update: false })
  arrival!: string;

  @Column('text')
  status!: RegistrationStatus;

  @Column('integer')
  places!: number;

  /** Null once erased. */
  @Column('text', { nullable: true })
  name!: string | null;

  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text')
  locale!: string;

  @Column('text', { nullable: true })
  accessibilityNeeds!: string | null;

  @Column('uuid', { nullable: true })
  organizationId!: string | null;

  @Column('uuid', { nullable: true })
  userId!: string | null;

  @Column('bytea', { nullable: true, select: false })
  tokenHash!: Buffer | null;

  @Column('boolean', { nullable: true })
  attended!: boolean | null;

  @Column('timestamptz', { nullable: true })
  promotedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  cancelledAt!: Date | null;

  /** What a cancelled registration was: confirmed ones had the event in their calendar. */
  @Column('text', { nullable: true })
  cancelledFrom!: 'confirmed' | 'waitlisted' | null;

  @Column('timestamptz', { nullable: true })
  erasedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
