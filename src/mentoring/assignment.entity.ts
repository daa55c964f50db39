import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const ASSIGNMENT_STATUSES = [
  'proposed',
  'declined',
  'withdrawn',
  'active',
  'completed',
  'ended',
] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];
export const ENDED_BY = ['mentor', 'organization', 'staff'] as const;
export type EndedBy = (typeof ENDED_BY)[number];

/** A mentor proposed for a request; running once the mentor accepts. */
@Entity('mentoring_assignments')
export class Assignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  requestId!: string;

  /** Null once the mentor deleted their account: the history stays, without them. */
  @Column('uuid', { nullable: true })
  mentorId!: string | null;

  @Column('text')
  status!: AssignmentStatus;

  @Column('text', { nullable: true })
  message!: string | null;

  @Column('uuid', { nullable: true })
  proposedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  acceptedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  endedAt!: Date | null;

  @Column('text', { nullable: true })
  endReason!: string | null;

  @Column('text', { nullable: true })
  endedBy!: EndedBy | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
