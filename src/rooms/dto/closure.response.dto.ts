import { ApiProperty } from '@nestjs/swagger';
import { Closure } from '../closure.entity';

export class ClosureResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  roomId!: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-22T23:00:00.000Z' })
  startsAt!: string;

  @ApiProperty({ format: 'date-time', example: '2027-01-06T23:00:00.000Z' })
  endsAt!: string;

  @ApiProperty({ example: 'Europe/Berlin', description: "The room's time zone" })
  timeZone!: string;

  @ApiProperty({
    required: false,
    type: String,
    nullable: true,
    description: 'Members of the owning organisation and admins only',
  })
  reason?: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export function toClosureResponse(
  closure: Closure,
  timeZone: string,
  showReason: boolean,
): ClosureResponseDto {
  const response: ClosureResponseDto = {
    id: closure.id,
    roomId: closure.roomId,
    startsAt: closure.startsAt.toISOString(),
    endsAt: closure.endsAt.toISOString(),
    timeZone,
    createdAt: closure.createdAt.toISOString(),
  };
  if (showReason) response.reason = closure.reason;
  return response;
}
