import { PartialType, PickType } from '@nestjs/swagger';
import { CreateSessionDto } from './create-session.dto';

/**
 * Where and when a session moves to (staff): another room and/or another time, and a larger
 * capacity if asked (at most the new room's). A room or a time is required.
 */
export class MoveSessionDto extends PartialType(
  PickType(CreateSessionDto, ['roomId', 'startsAt', 'endsAt', 'capacity'] as const),
  { skipNullProperties: false },
) {}
