import { ApiProperty } from '@nestjs/swagger';
import { WeeklyHours } from '../rooms.contract';
import { policyOf } from '../room-policy';
import {
  APPROVAL_MODES,
  ApprovalMode,
  PRICE_KINDS,
  PriceKind,
  Room,
  ROOM_FEATURES,
  RoomFeature,
} from '../room.entity';
import { Venue } from '../venue.entity';
import { VenueAddressDto } from './create-venue.dto';
import { OpeningHoursIntervalDto } from './opening-hours.dto';
import { addressOf } from './venue.response.dto';

/** The venue as a room shows it. */
export class RoomVenueDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: VenueAddressDto })
  address!: VenueAddressDto;

  @ApiProperty()
  district!: string;

  @ApiProperty({ format: 'uuid', description: 'The organisation that owns venue and room' })
  organizationId!: string;
}

export class RoomAccessibilityResponseDto {
  @ApiProperty()
  stepFree!: boolean;

  @ApiProperty()
  accessibleToilet!: boolean;

  @ApiProperty()
  hearingLoop!: boolean;
}

export class RoomPriceResponseDto {
  @ApiProperty({ enum: PRICE_KINDS })
  kind!: PriceKind;

  @ApiProperty({ type: 'integer', nullable: true })
  amountCents!: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'EUR' })
  currency!: string | null;
}

export class RoomPolicyResponseDto {
  @ApiProperty({ enum: APPROVAL_MODES })
  approval!: ApprovalMode;

  @ApiProperty({ type: 'integer' })
  minDurationMinutes!: number;

  @ApiProperty({ type: 'integer' })
  maxDurationMinutes!: number;

  @ApiProperty({ type: 'integer' })
  leadTimeHours!: number;

  @ApiProperty({ type: 'integer' })
  horizonDays!: number;

  @ApiProperty({ type: 'integer' })
  bufferMinutes!: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Null: no monthly limit' })
  monthlyHoursPerOrganization!: number | null;

  @ApiProperty({ type: 'integer' })
  requestExpiryHours!: number;

  @ApiProperty()
  requiresVerifiedOrganization!: boolean;
}

export class RoomResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  venueId!: string;

  @ApiProperty({ type: RoomVenueDto })
  venue!: RoomVenueDto;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ type: 'integer' })
  capacity!: number;

  @ApiProperty({ type: Number, nullable: true })
  areaSqm!: number | null;

  @ApiProperty({ enum: ROOM_FEATURES, isArray: true })
  features!: RoomFeature[];

  @ApiProperty({ type: RoomAccessibilityResponseDto })
  accessibility!: RoomAccessibilityResponseDto;

  @ApiProperty({ type: [String] })
  photos!: string[];

  @ApiProperty({ type: RoomPriceResponseDto })
  price!: RoomPriceResponseDto;

  @ApiProperty({ example: 'Europe/Berlin' })
  timeZone!: string;

  @ApiProperty()
  active!: boolean;

  @ApiProperty({
    description:
      'Shown to the public: active, and its organisation verified by an admin. A room that ' +
      "is not is seen only by its organisation's members and admins",
  })
  listed!: boolean;

  @ApiProperty({ type: RoomPolicyResponseDto })
  policy!: RoomPolicyResponseDto;

  @ApiProperty({
    type: [OpeningHoursIntervalDto],
    description: 'Weekly, in the wall-clock time of timeZone, ordered by weekday and time',
  })
  openingHours!: OpeningHoursIntervalDto[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

/** PostgreSQL gives a `time` as "09:00:00"; the API speaks "09:00". */
export const toWallClock = (time: string): string => time.slice(0, 5);

export const toOpeningHoursResponse = (hours: WeeklyHours[]): OpeningHoursIntervalDto[] =>
  hours.map((interval) => ({
    weekday: interval.weekday,
    opens: toWallClock(interval.opens),
    closes: toWallClock(interval.closes),
  }));

export function toRoomResponse(
  room: Room,
  venue: Venue,
  openingHours: WeeklyHours[],
  listed: boolean,
): RoomResponseDto {
  return {
    id: room.id,
    venueId: room.venueId,
    venue: {
      id: venue.id,
      name: venue.name,
      address: addressOf(venue),
      district: venue.district,
      organizationId: venue.organizationId,
    },
    name: room.name,
    description: room.description,
    capacity: room.capacity,
    areaSqm: room.areaSqm,
    features: room.features,
    accessibility: {
      stepFree: room.stepFree,
      accessibleToilet: room.accessibleToilet,
      hearingLoop: room.hearingLoop,
    },
    photos: room.photos,
    price: {
      kind: room.priceKind,
      amountCents: room.priceAmountCents,
      currency: room.priceCurrency,
    },
    timeZone: room.timeZone,
    active: room.active,
    listed,
    policy: policyOf(room),
    openingHours: toOpeningHoursResponse(openingHours),
    createdAt: room.createdAt.toISOString(),
    updatedAt: room.updatedAt.toISOString(),
  };
}
