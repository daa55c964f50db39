import { Injectable } from '@nestjs/common';
import { Actor } from '../common/auth/actor';
import { fieldError } from '../common/validation/validation';
import { BookingQueriesService } from '../bookings/booking-queries.service';
import { RoomScheduleService } from '../rooms/room-schedule.service';
import { RoomsService } from '../rooms/rooms.service';
import { AvailabilityErrors } from './availability.errors';
import { computeAvailability } from './availability';
import { AvailabilityResponseDto, toAvailabilityResponse } from './dto/availability.dto';

export const MAX_WINDOW_DAYS = 92;
const DAY = 86_400_000;

/** Open, busy and free time of one room, from three queries and one pass over their rows. */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly rooms: RoomsService,
    private readonly schedule: RoomScheduleService,
    private readonly bookings: BookingQueriesService,
  ) {}

  async forRoom(
    actor: Actor | undefined,
    roomId: string,
    fromText: string,
    toText: string,
  ): Promise<AvailabilityResponseDto> {
    const from = new Date(fromText);
    const to = new Date(toText);
    if (to <= from) throw fieldError('to', 'validation.endsAfterStart');
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY) {
      throw AvailabilityErrors.WINDOW_TOO_LARGE({ days: MAX_WINDOW_DAYS });
    }
    const room = await this.rooms.visibleProfile(actor, roomId);
    const [{ hours, closures }, holding] = await Promise.all([
      this.schedule.scheduleOf(roomId, from, to),
      // A booking just after the window can still block its end through the buffer.
      this.bookings.holding(
        roomId,
        from,
        new Date(to.getTime() + room.policy.bufferMinutes * 60_000),
      ),
    ]);
    const result = computeAvailability({
      zone: room.timeZone,
      hours,
      closures: closures.map((c) => ({ start: c.startsAt.getTime(), end: c.endsAt.getTime() })),
      bookings: holding,
      bufferMinutes: room.policy.bufferMinutes,
      from: from.getTime(),
      to: to.getTime(),
    });
    return toAvailabilityResponse(roomId, room.timeZone, from, to, result);
  }
}
