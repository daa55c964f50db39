import { ApiProperty } from '@nestjs/swagger';
import {
  AUDIENCES,
  Audience,
  ForumSession,
  SESSION_KINDS,
  SESSION_STATUSES,
  SessionKind,
  SessionStatus,
} from '../forum-session.entity';
import { SessionTranslations } from '../session-text';
import { SessionTranslationsDto } from './session-translations.dto';
import { registrationRefusal } from '../registration-window';

export class SessionResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: SESSION_KINDS })
  kind!: SessionKind;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({
    type: SessionTranslationsDto,
    description: 'Title and description in further languages, where staff gave them',
    example: { en: { title: 'Applying for funding' } },
  })
  translations!: SessionTranslations;

  @ApiProperty({ example: 'funding' })
  topic!: string;

  @ApiProperty({ type: [String] })
  speakers!: string[];

  @ApiProperty({ type: [String], example: ['de', 'tr'] })
  languages!: string[];

  @ApiProperty({ type: String, nullable: true })
  accessibilityNotes!: string | null;

  @ApiProperty({ format: 'uuid' })
  roomId!: string;

  @ApiProperty({ format: 'date-time' })
  startsAt!: string;

  @ApiProperty({ format: 'date-time' })
  endsAt!: string;

  @ApiProperty({ example: 'Europe/Berlin', description: 'The room’s zone' })
  timeZone!: string;

  @ApiProperty({ type: 'integer' })
  capacity!: number;

  @ApiProperty({ type: 'integer', description: 'Confirmed places' })
  placesTaken!: number;

  @ApiProperty({ type: 'integer', description: 'Registrations waiting for a place' })
  waitlistLength!: number;

  @ApiProperty({ type: 'integer', nullable: true })
  maxPlacesPerOrganization!: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  registrationOpensAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  registrationClosesAt!: string | null;

  @ApiProperty({ enum: AUDIENCES })
  audience!: Audience;

  @ApiProperty({ enum: SESSION_STATUSES })
  status!: SessionStatus;

  @ApiProperty({
    description:
      'Whether anyone may register now: published, not begun, inside the registration window',
  })
  registrationOpen!: boolean;

  @ApiProperty({
    description: 'The room is not confirmed: its booking waits for the owners (or was refused)',
  })
  tentative!: boolean;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  bookingId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'pending, approved, declined, cancelled or expired',
  })
  bookingStatus!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  seriesId!: string | null;

  @ApiProperty({ type: 'integer', description: 'iCalendar SEQUENCE of the session’s event' })
  sequence!: number;
}

export interface SessionExtras {
  timeZone: string;
  waitlistLength: number;
  bookingStatus: string | null;
  /** The moment `registrationOpen` is decided for. */
  now: Date;
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export function toSessionResponse(
  session: ForumSession,
  extras: SessionExtras,
): SessionResponseDto {
  return {
    id: session.id,
    kind: session.kind,
    title: session.title,
    description: session.description,
    translations: session.translations,
    topic: session.topic,
    speakers: session.speakers,
    languages: session.languages,
    accessibilityNotes: session.accessibilityNotes,
    roomId: session.roomId,
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    timeZone: extras.timeZone,
    capacity: session.capacity,
    placesTaken: session.placesTaken,
    waitlistLength: extras.waitlistLength,
    maxPlacesPerOrganization: session.maxPlacesPerOrganization,
    registrationOpensAt: iso(session.registrationOpensAt),
    registrationClosesAt: iso(session.registrationClosesAt),
    audience: session.audience,
    status: session.status,
    registrationOpen: registrationRefusal(session, extras.now) === null,
    tentative: session.status !== 'cancelled' && extras.bookingStatus !== 'approved',
    bookingId: session.bookingId,
    bookingStatus: extras.bookingStatus,
    seriesId: session.seriesId,
    sequence: session.sequence,
  };
}
