import { ApiProperty } from '@nestjs/swagger';
import { BookingSeries } from '../booking-series.entity';
import { Booking, BOOKING_STATUSES, BookingStatus } from '../booking.entity';

export class BookingResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  roomId!: string;

  @ApiProperty({ example: 'Großer Saal' })
  roomName!: string;

  @ApiProperty({ example: 'Bürgerhaus Bergheim', description: 'The venue of the room' })
  venueName!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ example: 'Elternverein Bergheim', description: 'The requesting organisation' })
  organizationName!: string;

  @ApiProperty({ enum: BOOKING_STATUSES })
  status!: BookingStatus;

  @ApiProperty({ format: 'date-time', example: '2027-03-02T18:00:00.000Z' })
  startsAt!: string;

  @ApiProperty({ format: 'date-time' })
  endsAt!: string;

  @ApiProperty({ example: 'Europe/Berlin', description: 'The room’s zone' })
  timeZone!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: String, nullable: true })
  purpose!: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  attendees!: number | null;

  @ApiProperty()
  isPublic!: boolean;

  @ApiProperty({ type: 'integer', description: 'iCalendar SEQUENCE, raised by every change' })
  sequence!: number;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  seriesId!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Pending requests expire then',
  })
  expiresAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  decisionReason!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  cancelReason!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

/** A time a request collides with. Who holds it is told only to those allowed to know. */
export class ConflictDto {
  @ApiProperty({ format: 'date-time' })
  startsAt!: string;

  @ApiProperty({ format: 'date-time' })
  endsAt!: string;

  @ApiProperty({
    required: false,
    example: 'OUTSIDE_OPENING_HOURS',
    description: 'The rule this occurrence breaks, as a problem code (for programs)',
  })
  code?: string;

  @ApiProperty({
    required: false,
    example: 'Der Raum ist zu dieser Zeit nicht geöffnet.',
    description: 'Why this occurrence cannot be booked, in the language asked for',
  })
  reason?: string;

  @ApiProperty({
    required: false,
    description: 'Only for members of that organisation, the room’s owners and admins',
  })
  organizationName?: string;
}

export class SeriesResultResponseDto {
  @ApiProperty({ format: 'uuid' })
  seriesId!: string;

  @ApiProperty({ type: [BookingResponseDto] })
  created!: BookingResponseDto[];

  @ApiProperty({ type: [ConflictDto] })
  conflicts!: ConflictDto[];
}

export class SeriesResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  roomId!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ example: 'FREQ=WEEKLY;BYDAY=TU' })
  rrule!: string;

  @ApiProperty({ example: 'Europe/Berlin' })
  timeZone!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  until!: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  count!: number | null;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: [BookingResponseDto] })
  bookings!: BookingResponseDto[];
}

export class CancelledResponseDto {
  @ApiProperty({ type: [BookingResponseDto] })
  cancelled!: BookingResponseDto[];
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/** What an answer tells around a booking: its room's zone and the names of room, venue, organisation. */
export interface BookingSetting {
  timeZone: string;
  roomName: string;
  venueName: string;
  organizationName: string;
}

/** Times go out in UTC ("Z") with the room's zone beside them. */
export function toBookingResponse(booking: Booking, setting: BookingSetting): BookingResponseDto {
  return {
    id: booking.id,
    roomId: booking.roomId,
    roomName: setting.roomName,
    venueName: setting.venueName,
    organizationId: booking.organizationId,
    organizationName: setting.organizationName,
    status: booking.status,
    startsAt: booking.startsAt.toISOString(),
    endsAt: booking.endsAt.toISOString(),
    timeZone: setting.timeZone,
    title: booking.title,
    purpose: booking.purpose,
    attendees: booking.attendees,
    isPublic: booking.isPublic,
    sequence: booking.sequence,
    seriesId: booking.seriesId,
    expiresAt: iso(booking.expiresAt),
    decidedAt: iso(booking.decidedAt),
    decisionReason: booking.decisionReason,
    cancelledAt: iso(booking.cancelledAt),
    cancelReason: booking.cancelReason,
    createdAt: booking.createdAt.toISOString(),
    updatedAt: booking.updatedAt.toISOString(),
  };
}

export function toSeriesResponse(
  series: BookingSeries,
  bookings: Booking[],
  setting: BookingSetting,
): SeriesResponseDto {
  return {
    id: series.id,
    roomId: series.roomId,
    organizationId: series.organizationId,
    rrule: series.rrule,
    timeZone: series.timeZone,
    until: series.until?.toISOString() ?? null,
    count: series.count,
    title: series.title,
    bookings: bookings.map((booking) => toBookingResponse(booking, setting)),
  };
}
