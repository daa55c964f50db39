import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Venue } from './venue.entity';

/** The equipment vocabulary; labels live in the message catalogue (`rooms.features.*`). */
export const ROOM_FEATURES = [
  'kitchen',
  'tea_kitchen',
  'projector',
  'screen',
  'wifi',
  'piano',
  'sound_system',
  'microphone',
  'whiteboard',
  'flipchart',
  'stage',
  'tables',
  'chairs',
  'dance_floor',
  'sports_equipment',
  'video_conferencing',
  'childcare_corner',
  'prayer_space',
  'garden',
  'parking',
  'bike_parking',
  'storage',
  'changing_room',
  'daylight',
  'blackout',
] as const;
export type RoomFeature = (typeof ROOM_FEATURES)[number];

export const PRICE_KINDS = ['free', 'hourly', 'donation'] as const;
export type PriceKind = (typeof PRICE_KINDS)[number];

export const APPROVAL_MODES = ['manual', 'automatic'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

/**
 * The booking rules a room gets when its owner sets none. The migration's column defaults
 * say the same; they are named here because a request that sets only one bound (say, a
 * minimum duration) must be checked against the other before it reaches the database.
 */
export const ROOM_POLICY_DEFAULTS = {
  approval: 'manual' as ApprovalMode,
  minDurationMinutes: 30,
  maxDurationMinutes: 480,
  leadTimeHours: 24,
  horizonDays: 365,
  bufferMinutes: 0,
  monthlyHoursPerOrganization: null as number | null,
  requestExpiryHours: 72,
  requiresVerifiedOrganization: false,
};

export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

const numeric = {
  to: (v: number | null) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

@Entity('rooms')
export class Room {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  venueId!: string;

  @ManyToOne(() => Venue, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'venue_id' })
  venue?: Venue;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('integer')
  capacity!: number;

  @Column('numeric', { precision: 7, scale: 1, nullable: true, transformer: numeric })
  areaSqm!: number | null;

  @Column('text', { array: true, default: () => "'{}'" })
  features!: RoomFeature[];

  @Column('boolean', { default: false })
  stepFree!: boolean;

  @Column('boolean', { default: false })
  accessibleToilet!: boolean;

  @Column('boolean', { default: false })
  hearingLoop!: boolean;

  @Column('text', { array: true, default: () => "'{}'" })
  photos!: string[];

  @Column('text', { default: 'free' })
  priceKind!: PriceKind;

  @Column('integer', { nullable: true })
  priceAmountCents!: number | null;

  @Column('char', { length: 3, nullable: true })
  priceCurrency!: string | null;

  /** IANA zone; opening hours and recurring bookings are wall-clock times in it. */
  @Column('text', { default: DEFAULT_TIME_ZONE })
  timeZone!: string;

  @Column('boolean', { default: true })
  active!: boolean;

  @Column('text', { default: ROOM_POLICY_DEFAULTS.approval })
  approval!: ApprovalMode;

  @Column('integer', { default: ROOM_POLICY_DEFAULTS.minDurationMinutes })
  minDurationMinutes!: number;

  @Column('integer', { default: ROOM_POLICY_DEFAULTS.maxDurationMinutes })
  maxDurationMinutes!: number;

  @Column('integer', { default: ROOM_POLICY_DEFAULTS.leadTimeHours })
  leadTimeHours!: number;

  @Column('integer', { default: ROOM_POLICY_DEFAULTS.horizonDays })
  horizonDays!: number;

  @Column('integer', { default: ROOM_POLICY_DEFAULTS.bufferMinutes })
  bufferMinutes!: number;

  @Column('integer', { nullable: true })
  monthlyHoursPerOrganization!: number | null;

  @Column('integer', { default: ROOM_POLICY_DEFAULTS.requestExpiryHours })
  requestExpiryHours!: number;

  @Column('boolean', { default: ROOM_POLICY_DEFAULTS.requiresVerifiedOrganization })
  requiresVerifiedOrganization!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
