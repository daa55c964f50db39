import { ApiProperty } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsDateOrInstant, IsInstant } from '../../common/validation/time';
import { Trim } from '../../common/validation/transforms';
import { IsNestedObject } from '../../common/validation/nested';

export class RecurrenceDto {
  @ApiProperty({
    example: 'FREQ=WEEKLY;BYDAY=TU',
    description:
      'RFC 5545 RRULE without DTSTART/UNTIL/COUNT: FREQ (DAILY, WEEKLY, MONTHLY), INTERVAL, BYDAY (e.g. 1TU), BYMONTHDAY, BYSETPOS, BYMONTH, WKST. Expanded in the room’s time zone.',
    maxLength: 200,
  })
  @IsString()
  @MaxLength(200)
  rrule!: string;

  @ApiProperty({
    required: false,
    example: '2027-05-25',
    description: 'Last day (in the room’s zone, inclusive) or instant; at most one year',
  })
  @IsOptional()
  @IsDateOrInstant()
  until?: string;

  @ApiProperty({ type: 'integer', required: false, minimum: 1, maximum: 200 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  count?: number;
}

export class CreateBookingDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  roomId!: string;

  @ApiProperty({
    format: 'uuid',
    description: 'The organisation you book for; you must be a member',
  })
  @IsUUID()
  organizationId!: string;

  @ApiProperty({
    format: 'date-time',
    example: '2027-03-02T19:00:00+01:00',
    description: 'With offset',
  })
  @IsInstant()
  startsAt!: string;

  @ApiProperty({ format: 'date-time', example: '2027-03-02T21:00:00+01:00' })
  @IsInstant()
  endsAt!: string;

  @ApiProperty({ example: 'Elterncafé', minLength: 1, maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ required: false, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  purpose?: string;

  @ApiProperty({ type: 'integer', required: false, minimum: 1, maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  attendees?: number;

  @ApiProperty({ required: false, default: false, description: 'Title shown in public feeds' })
  @IsOptional()
  @IsBoolean()
  isPublic?: boolean;

  @ApiProperty({ required: false, type: RecurrenceDto })
  @IsOptional()
  @IsNestedObject(() => RecurrenceDto)
  recurrence?: RecurrenceDto;

  @ApiProperty({
    required: false,
    default: false,
    description:
      'Series only: book the free occurrences and report the others, instead of all-or-nothing',
  })
  @IsOptional()
  @IsBoolean()
  partial?: boolean;
}
