import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export type InvitationMethod = 'REQUEST' | 'CANCEL';

/** One e-mail to one recipient, waiting for the worker or delivered. */
@Entity('outbox')
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** What the mail is about, e.g. `booking.approved`. */
  @Column('text')
  kind!: string;

  @Column('text')
  recipientEmail!: string;

  @Column('text', { nullable: true })
  recipientName!: string | null;

  @Column('text')
  locale!: string;

  @Column('text')
  subject!: string;

  @Column('text')
  textBody!: string;

  @Column('text')
  htmlBody!: string;

  /** The iMIP invitation (text/calendar), when the mail changes an event in a calendar. */
  @Column('text', { nullable: true })
  ics!: string | null;

  @Column('text', { nullable: true })
  icsMethod!: InvitationMethod | null;

  @Column('uuid', { nullable: true })
  bookingId!: string | null;

  @Column('uuid', { nullable: true })
  seriesId!: string | null;

  /** Unique per recipient where a notice must go out once, however often a job finds it. */
  @Column('text', { nullable: true })
  dedupeKey!: string | null;

  @Column('text', { default: 'pending' })
  status!: OutboxStatus;

  @Column('integer', { default: 0 })
  attempts!: number;

  /** Pending: when to try next. Sending: when an unfinished claim lapses. */
  @Column('timestamptz', { default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column('text', { nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  sentAt!: Date | null;
}
