import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A recurring request; its occurrences are ordinary bookings with `seriesId`. */
@Entity('booking_series')
export class BookingSeries {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  roomId!: string;

  @Column('uuid')
  organizationId!: string;

  @Column('uuid', { nullable: true })
  requestedBy!: string | null;

  /** The rule as given, without DTSTART/UNTIL/COUNT (e.g. "FREQ=WEEKLY;BYDAY=TU"). */
  @Column('text')
  rrule!: string;

  /** The zone the rule was expanded in (the room's). */
  @Column('text')
  timeZone!: string;

  @Column('timestamptz')
  firstStartsAt!: Date;

  @Column('timestamptz')
  firstEndsAt!: Date;

  @Column('timestamptz', { nullable: true })
  until!: Date | null;

  @Column('integer', { nullable: true })
  count!: number | null;

  @Column('text')
  title!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
