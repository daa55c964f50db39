import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { IsCalendarDate, IsWallClockTime } from '../../common/validation/time';

/** One interval of one weekday, in the room's wall-clock time. */
export class OpeningHoursIntervalDto {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: 7,
    example: 1,
    description: 'ISO weekday, 1 = Monday',
  })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;

  @ApiProperty({ example: '09:00', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' })
  @IsWallClockTime()
  opens!: string;

  @ApiProperty({
    example: '13:00',
    pattern: '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$',
    description: 'After opens; "24:00" is the end of the day',
  })
  @IsWallClockTime()
  closes!: string;
}

/** A room is open at most this often a week; more is a mistake, not a timetable. */
export const MAX_OPENING_INTERVALS = 50;

/** From when a new week of opening hours holds. */
export class OpeningHoursQueryDto {
  @ApiProperty({
    required: false,
    format: 'date',
    example: '2027-04-01',
    description:
      "The first day (in the room's time zone) the new week holds; today or later, at most " +
      'three years ahead. Default: today. The week before it stays valid for earlier dates.',
  })
  @IsOmittable()
  @IsCalendarDate()
  validFrom?: string;
}
