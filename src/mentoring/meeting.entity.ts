import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const MEETING_FORMATS = ['in_person', 'phone', 'video'] as const;
export type MeetingFormat = (typeof MEETING_FORMATS)[number];

/** A meeting of an assignment, logged by its mentor; the note is theirs and staff's only. */
@Entity('mentoring_meetings')
export class Meeting {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  assignmentId!: string;

  @Column('timestamptz')
  startsAt!: Date;

  @Column('integer')
  durationMinutes!: number;

  @Column('text')
  format!: MeetingFormat;

  @Column('text', { array: true })
  topics!: string[];

  @Column('text', { nullable: true })
  note!: string | null;

  /** The room booked for it through the bookings module. */
  @Column('uuid', { nullable: true })
  bookingId!: string | null;

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
