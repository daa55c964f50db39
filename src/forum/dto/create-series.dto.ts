import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsNestedObject } from '../../common/validation/nested';
import { IsDateOrInstant, IsInstant } from '../../common/validation/time';
import { SessionContentDto } from './create-session.dto';

export class SessionRecurrenceDto {
  @ApiProperty({
    example: 'FREQ=MONTHLY;BYDAY=1WE',
    description: 'RFC 5545 RRULE without DTSTART/UNTIL/COUNT, expanded in the room’s zone',
    maxLength: 200,
  })
  @IsString()
  @MaxLength(200)
  rrule!: string;

  @ApiProperty({
    required: false,
    example: '2027-12-31',
    description: 'Last day (in the room’s zone, inclusive) or instant; at most one year',
  })
  @IsOptional()
  @IsDateOrInstant()
  until?: string;

  @ApiProperty({ type: 'integer', required: false, minimum: 1, maximum: 60 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  count?: number;
}

/** Sessions on every date of a rule, each with its own booking; dates without the room are reported. */
export class CreateSeriesDto extends SessionContentDto {
  @ApiProperty({
    format: 'date-time',
    example: '2027-02-03T18:00:00+01:00',
    description: 'First date',
  })
  @IsInstant()
  startsAt!: string;

  @ApiProperty({ format: 'date-time', example: '2027-02-03T20:00:00+01:00' })
  @IsInstant()
  endsAt!: string;

  @ApiProperty({ type: SessionRecurrenceDto })
  @IsNestedObject(() => SessionRecurrenceDto)
  recurrence!: SessionRecurrenceDto;
}
