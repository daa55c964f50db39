import { ApiProperty } from '@nestjs/swagger';

/** A room of the catalogue larger than a session's capacity and free at its time. */
export class LargerRoomResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: 'integer' })
  capacity!: number;

  @ApiProperty({ format: 'uuid' })
  venueId!: string;

  @ApiProperty()
  venueName!: string;

  @ApiProperty()
  district!: string;

  @ApiProperty({ type: [String], example: ['projector'] })
  features!: string[];

  @ApiProperty()
  stepFree!: boolean;

  @ApiProperty({
    enum: ['manual', 'automatic'],
    description: 'manual: the session is tentative in it until the owners approve',
  })
  approval!: 'manual' | 'automatic';
}
