import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const FEED_SCOPES = ['organization', 'owner', 'user', 'mentor'] as const;
/**
 * What a private feed shows: an organisation's own bookings (`organization`), the bookings
 * in the rooms of an organisation's venues (`owner`), the bookings of all organisations of a
 * user (`user`), or a mentor's sessions (`mentor`, once mentoring exists).
 */
export type FeedScope = (typeof FEED_SCOPES)[number];

/** A secret link to a private feed; the secret itself is never stored, only its SHA-256. */
@Entity('calendar_tokens')
export class CalendarToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  scope!: FeedScope;

  /** The organisation (organization, owner) or user (user, mentor) the feed is about. */
  @Column('uuid')
  subjectId!: string;

  @Column('uuid')
  createdBy!: string;

  @Column('bytea')
  tokenHash!: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;

  /** Written at most once an hour, so that reading a feed stays a read. */
  @Column('timestamptz', { nullable: true })
  lastUsedAt!: Date | null;
}
