import { ApiProperty } from '@nestjs/swagger';
import { SessionResponseDto } from './session.response.dto';

/** A date of a series that could not get the room, and why, in the caller's language. */
export class SeriesConflictDto {
  @ApiProperty({ format: 'date-time' })
  startsAt!: string;

  @ApiProperty({ format: 'date-time' })
  endsAt!: string;

  @ApiProperty({ example: 'SLOT_TAKEN', description: 'The problem code' })
  code!: string;

  @ApiProperty({ example: 'The room is already booked or requested at this time.' })
  reason!: string;
}

export class SeriesResultDto {
  @ApiProperty({ format: 'uuid', description: 'Give it to a session planned elsewhere to join' })
  seriesId!: string;

  @ApiProperty({ type: [SessionResponseDto] })
  created!: SessionResponseDto[];

  @ApiProperty({ type: [SeriesConflictDto] })
  conflicts!: SeriesConflictDto[];
}
