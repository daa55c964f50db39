import { ApiProperty } from '@nestjs/swagger';
import { Interval } from '../../common/time/intervals';
import { IsInstant } from '../../common/validation/time';
import { Availability } from '../availability';

export class AvailabilityQueryDto {
  @ApiProperty({ format: 'date-time', example: '2027-03-01T00:00:00+01:00' })
  @IsInstant()
  from!: string;

  @ApiProperty({
    format: 'date-time',
    example: '2027-04-01T00:00:00+02:00',
    description: 'At most 92 days after from',
  })
  @IsInstant()
  to!: string;
}

export class PeriodDto {
  @ApiProperty({ format: 'date-time' })
  startsAt!: string;

  @ApiProperty({ format: 'date-time' })
  endsAt!: string;
}

export class AvailabilityResponseDto {
  @ApiProperty({ format: 'uuid' })
  roomId!: string;

  @ApiProperty({ example: 'Europe/Berlin' })
  timeZone!: string;

  @ApiProperty({ format: 'date-time' })
  from!: string;

  @ApiProperty({ format: 'date-time' })
  to!: string;

  @ApiProperty({ type: [PeriodDto], description: 'Opening hours in the window' })
  open!: PeriodDto[];

  @ApiProperty({
    type: [PeriodDto],
    description: 'Open time that is closed or held by a booking (with the room’s buffers)',
  })
  busy!: PeriodDto[];

  @ApiProperty({ type: [PeriodDto], description: 'Open time that can be requested' })
  free!: PeriodDto[];
}

const periods = (intervals: Interval[]): PeriodDto[] =>
  intervals.map((interval) => ({
    startsAt: new Date(interval.start).toISOString(),
    endsAt: new Date(interval.end).toISOString(),
  }));

export function toAvailabilityResponse(
  roomId: string,
  timeZone: string,
  from: Date,
  to: Date,
  availability: Availability,
): AvailabilityResponseDto {
  return {
    roomId,
    timeZone,
    from: from.toISOString(),
    to: to.toISOString(),
    open: periods(availability.open),
    busy: periods(availability.busy),
    free: periods(availability.free),
  };
}
