import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { IsTimeZone } from '../../common/validation/time';
import { Trim } from '../../common/validation/transforms';
import {
  APPROVAL_MODES,
  ApprovalMode,
  DEFAULT_TIME_ZONE,
  PRICE_KINDS,
  PriceKind,
  ROOM_FEATURES,
  ROOM_POLICY_DEFAULTS,
  RoomFeature,
} from '../room.entity';
import { IsNestedObject } from '../../common/validation/nested';

export const MAX_PHOTOS = 20;

export class RoomAccessibilityDto {
  @ApiProperty({ required: false, default: false, description: 'Reachable without steps' })
  @IsOmittable()
  @IsBoolean()
  stepFree?: boolean;

  @ApiProperty({ required: false, default: false })
  @IsOmittable()
  @IsBoolean()
  accessibleToilet?: boolean;

  @ApiProperty({ required: false, default: false, description: 'Induction loop for hearing aids' })
  @IsOmittable()
  @IsBoolean()
  hearingLoop?: boolean;
}

export class RoomPriceDto {
  @ApiProperty({ enum: PRICE_KINDS, description: 'free, per hour, or for a donation' })
  @IsIn(PRICE_KINDS)
  kind!: PriceKind;

  @ApiProperty({
    required: false,
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: 1_000_000,
    description: 'Needed for "hourly", a suggestion for "donation", none for "free"',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  amountCents?: number | null;

  @ApiProperty({
    required: false,
    type: String,
    nullable: true,
    example: 'EUR',
    description: 'ISO 4217; EUR when an amount is given without one',
  })
  @IsOptional()
  @IsISO4217CurrencyCode()
  currency?: string | null;
}

export class RoomPolicyDto {
  @ApiProperty({ required: false, enum: APPROVAL_MODES, default: ROOM_POLICY_DEFAULTS.approval })
  @IsOmittable()
  @IsIn(APPROVAL_MODES)
  approval?: ApprovalMode;

  @ApiProperty({
    type: 'integer',
    required: false,
    minimum: 5,
    maximum: 1440,
    default: ROOM_POLICY_DEFAULTS.minDurationMinutes,
  })
  @IsOmittable()
  @IsInt()
  @Min(5)
  @Max(1440)
  minDurationMinutes?: number;

  @ApiProperty({
    type: 'integer',
    required: false,
    minimum: 5,
    maximum: 10080,
    default: ROOM_POLICY_DEFAULTS.maxDurationMinutes,
    description: 'At least minDurationMinutes',
  })
  @IsOmittable()
  @IsInt()
  @Min(5)
  @Max(10080)
  maxDurationMinutes?: number;

  @ApiProperty({
    type: 'integer',
    required: false,
    minimum: 0,
    maximum: 8760,
    default: ROOM_POLICY_DEFAULTS.leadTimeHours,
    description: 'How many hours before the start a request must arrive',
  })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(8760)
  leadTimeHours?: number;

  @ApiProperty({
    type: 'integer',
    required: false,
    minimum: 1,
    maximum: 1095,
    default: ROOM_POLICY_DEFAULTS.horizonDays,
    description: 'How many days ahead the room can be booked',
  })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(1095)
  horizonDays?: number;

  @ApiProperty({
    type: 'integer',
    required: false,
    minimum: 0,
    maximum: 240,
    default: ROOM_POLICY_DEFAULTS.bufferMinutes,
    description: 'Kept free before and after each booking',
  })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(240)
  bufferMinutes?: number;

  @ApiProperty({
    required: false,
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: 744,
    description: 'Hours one organisation may book per month; null for no limit',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(744)
  monthlyHoursPerOrganization?: number | null;

  @ApiProperty({
    type: 'integer',
    required: false,
    minimum: 1,
    maximum: 720,
    default: ROOM_POLICY_DEFAULTS.requestExpiryHours,
    description: 'A request not answered within this time expires',
  })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(720)
  requestExpiryHours?: number;

  @ApiProperty({ required: false, default: ROOM_POLICY_DEFAULTS.requiresVerifiedOrganization })
  @IsOmittable()
  @IsBoolean()
  requiresVerifiedOrganization?: boolean;
}

export class CreateRoomDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  venueId!: string;

  @ApiProperty({ example: 'Großer Saal', minLength: 1, maxLength: 150 })
  @Trim()
  @IsString()
  @Length(1, 150)
  name!: string;

  @ApiProperty({ required: false, type: String, nullable: true, maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: 10000,
    description: 'People the room holds',
  })
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity!: number;

  @ApiProperty({
    required: false,
    type: Number,
    nullable: true,
    minimum: 0.1,
    maximum: 999999.9,
    description: 'Square metres, one decimal place',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  @Min(0.1)
  @Max(999999.9)
  areaSqm?: number | null;

  @ApiProperty({
    required: false,
    enum: ROOM_FEATURES,
    isArray: true,
    default: [],
    example: ['kitchen', 'projector'],
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(ROOM_FEATURES.length)
  @ArrayUnique()
  @IsIn(ROOM_FEATURES, { each: true })
  features?: RoomFeature[];

  @ApiProperty({ required: false, type: RoomAccessibilityDto })
  @IsOmittable()
  @IsNestedObject(() => RoomAccessibilityDto)
  accessibility?: RoomAccessibilityDto;

  @ApiProperty({
    required: false,
    type: [String],
    maxItems: MAX_PHOTOS,
    default: [],
    example: ['https://example.org/saal.jpg'],
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_PHOTOS)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { each: true })
  @MaxLength(500, { each: true })
  photos?: string[];

  @ApiProperty({ required: false, type: RoomPriceDto, description: 'Free when left out' })
  @IsOmittable()
  @IsNestedObject(() => RoomPriceDto)
  price?: RoomPriceDto;

  @ApiProperty({
    required: false,
    default: DEFAULT_TIME_ZONE,
    description: 'IANA time zone; opening hours are wall-clock times in it',
  })
  @IsOmittable()
  @IsTimeZone()
  timeZone?: string;

  @ApiProperty({ required: false, default: true, description: 'Inactive rooms are hidden' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;

  @ApiProperty({ required: false, type: RoomPolicyDto })
  @IsOmittable()
  @IsNestedObject(() => RoomPolicyDto)
  policy?: RoomPolicyDto;
}
