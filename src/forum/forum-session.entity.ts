import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { SessionTranslations } from './session-text';

export const SESSION_KINDS = ['forum', 'training', 'public_event'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];
export const AUDIENCES = ['public', 'members'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const SESSION_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

@Entity('forum_sessions')
export class ForumSession {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  kind!: SessionKind;

  @Column('text')
  title!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  /** Title and description in further languages: {"en": {"title": …, "description": …}}. */
  @Column('jsonb', { default: () => "'{}'" })
  translations!: SessionTranslations;

  @Column('text')
  topic!: string;

  @Column('text', { array: true, default: () => "'{}'" })
  speakers!: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  languages!: string[];

  @Column('text', { nullable: true })
  accessibilityNotes!: string | null;

  @Column('uuid')
  roomId!: string;

  /** The room's booking, made through the bookings module in the agency's name. */
  @Column('uuid', { nullable: true })
  bookingId!: string | null;

  @Column('uuid', { nullable: true })
  seriesId!: string | null;

  @Column('timestamptz')
  startsAt!: Date;

  @Column('timestamptz')
  endsAt!: Date;

  @Column('integer')
  capacity!: number;

  /** Confirmed places; the database keeps it ≤ capacity (CHECK). */
  @Column('integer', { default: 0 })
  placesTaken!: number;

  @Column('integer', { nullable: true })
  maxPlacesPerOrganization!: number | null;

  @Column('timestamptz', { nullable: true })
  registrationOpensAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  registrationClosesAt!: Date | null;

  @Column('text')
  audience!: Audience;

  @Column('text')
  status!: SessionStatus;

  /** iCalendar SEQUENCE of the session's event, raised when it moves or is cancelled. */
  @Column('integer', { default: 0 })
  sequence!: number;

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  /** When it was first published: the public feed keeps only a once published one when off. */
  @Column('timestamptz', { nullable: true })
  publishedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  cancelledAt!: Date | null;

  @Column('text', { nullable: true })
  cancelReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
