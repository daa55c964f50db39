import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const MENTOR_STATUSES = ['in_training', 'certified', 'paused', 'retired'] as const;
export type MentorStatus = (typeof MENTOR_STATUSES)[number];

/** When a mentor can meet, and when an organisation would like to. */
export const TIMES_OF_WEEK = [
  'weekday_mornings',
  'weekday_afternoons',
  'weekday_evenings',
  'weekends',
] as const;
export type TimeOfWeek = (typeof TIMES_OF_WEEK)[number];

@Entity('mentors')
export class Mentor {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  userId!: string;

  @Column('text', { array: true })
  languages!: string[];

  @Column('text', { array: true })
  topics!: string[];

  @Column('text', { nullable: true })
  bio!: string | null;

  @Column('text', { nullable: true })
  district!: string | null;

  @Column('integer')
  capacity!: number;

  @Column('text', { array: true })
  availability!: string[];

  @Column('text')
  status!: MentorStatus;

  /** Proposals awaiting an answer plus running assignments (see the migration). */
  @Column({ type: 'integer', insert: false, update: false })
  placesTaken!: number;

  @Column('timestamptz', { nullable: true })
  certifiedAt!: Date | null;

  @Column('uuid', { nullable: true })
  certifiedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
