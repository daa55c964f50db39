import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const BOOKING_STATUSES = [
  'pending',
  'approved',
  'declined',
  'cancelled',
  'expired',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Pending and approved bookings hold their slot; the others leave it free. */
export const HOLDING_STATUSES: readonly BookingStatus[] = ['pending', 'approved'];

@Entity('bookings')
export class Booking {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  roomId!: string;

  @Column('uuid')
  organizationId!: string;

  @Column('uuid', { nullable: true })
  seriesId!: string | null;

  @Column('uuid', { nullable: true })
  requestedBy!: string | null;

  @Column('text')
  status!: BookingStatus;

  @Column('timestamptz')
  startsAt!: Date;

  @Column('timestamptz')
  endsAt!: Date;

  /** The room's buffer when the booking was made; the exclusion constraint includes it. */
  @Column('integer', { default: 0 })
  bufferMinutes!: number;

  @Column('text')
  title!: string;

  @Column('text', { nullable: true })
  purpose!: string | null;

  @Column('integer', { nullable: true })
  attendees!: number | null;

  @Column('boolean', { default: false })
  isPublic!: boolean;

  /** iCalendar SEQUENCE: raised by every change a calendar should pick up. */
  @Column('integer', { default: 0 })
  sequence!: number;

  /** When a pending request is left unanswered for too long. */
  @Column('timestamptz', { nullable: true })
  expiresAt!: Date | null;

  @Column('uuid', { nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @Column('text', { nullable: true })
  decisionReason!: string | null;

  @Column('uuid', { nullable: true })
  cancelledBy!: string | null;

  @Column('timestamptz', { nullable: true })
  cancelledAt!: Date | null;

  @Column('text', { nullable: true })
  cancelReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
